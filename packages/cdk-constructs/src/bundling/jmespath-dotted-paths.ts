import type { Plugin } from 'esbuild';

const JMESPATH = /^@aws-lambda-powertools\/jmespath(\/functions)?$/;
const NAMESPACE = 'jmespath-dotted-paths';

/**
 * What `@aws-lambda-powertools/jmespath` becomes in a Lambda bundle: `search` for dotted field paths only
 * (`metadata.id`), evaluated as Powertools' interpreter evaluates them (a field of an object, else null), and an empty
 * `PowertoolsFunctions`. Any other expression throws, naming it.
 */
const DOTTED_JMESPATH = `
// Left out of this Lambda bundle by @sfe/cdk-constructs jmespathDottedPaths: JMESPath beyond dotted field paths.
const DOTTED_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*$/;
export function search(expression, data) {
  if (typeof expression !== 'string' || !DOTTED_PATH.test(expression)) {
    throw new Error('JMESPath expression ' + JSON.stringify(expression) + ' is not a dotted field path: this Lambda bundle only evaluates those (see @sfe/cdk-constructs jmespathDottedPaths)');
  }
  let value = data;
  // Powertools' interpreter, field by field: a field of a plain object (\`in\`), else null.
  for (const field of expression.split('.')) {
    value = Object.prototype.toString.call(value) === '[object Object]' && field in value ? value[field] : null;
  }
  return value;
}
`;

/** The custom functions' class Powertools idempotency instantiates for its options; with dotted paths, unused. */
const NO_FUNCTIONS = `
// Left out of this Lambda bundle by @sfe/cdk-constructs jmespathDottedPaths: no custom JMESPath functions.
export class PowertoolsFunctions {}
`;

/**
 * Replaces Powertools' JMESPath engine in Lambda bundles by dotted field paths. Powertools idempotency uses it
 * for one thing in our functions: the idempotency key, a field lookup (`metadata.id` of the event,
 * `IDEMPOTENCY_KEY_PATH` in `@sfe/consumer-toolkit`; `eventId` in notification-service's posts); the engine (lexer, parser, interpreter, its functions, and
 * `node:zlib` for `powertools_base64_gzip`) was ~23 KB of every consumer's bundle, compiled and evaluated at
 * every cold start (~4 ms of CPU on Node 24, 0.17x of a bare start: BENCHMARKS.md, cold starts, session 10).
 * The key, and so its hash and every stored idempotency record, is the same: `search('metadata.id', event)`
 * gives the same value as the real engine (tested against it). Hand-written because no JMESPath library is
 * smaller than the engine it replaces; the trade-off is that a bundled function cannot use a JMESPath
 * expression other than a dotted path (idempotency's payload validation path included): it throws at its
 * first record, which `check:bundles` runs. Unbundled code (tests, the local runtime) keeps the real engine.
 */
export const jmespathDottedPaths: Plugin = {
  name: 'jmespath-dotted-paths',
  setup(build) {
    build.onResolve({ filter: JMESPATH }, (args) => ({ path: args.path, namespace: NAMESPACE }));
    build.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => ({
      contents: args.path.endsWith('/functions') ? NO_FUNCTIONS : DOTTED_JMESPATH,
      loader: 'js',
    }));
  },
};
