import { type BuildOptions, build } from 'esbuild';
import { jmespathDottedPaths } from './jmespath-dotted-paths';
import { lambdaCredentials } from './lambda-credentials';
import { zodWithoutLocales } from './zod-without-locales';

/**
 * Banner giving ESM bundles what CommonJS code bundled into them expects of its module scope: `require` (the
 * AWS SDK's transitive deps and some Powertools utilities `require` Node built-ins) and `__filename` /
 * `__dirname` (e.g. Emscripten output reads `__dirname` while loading). Both name the bundle file itself.
 */
export const ESM_BANNER = [
  "import { createRequire as __sfeCreateRequire } from 'node:module';",
  "import { dirname as __sfeDirname } from 'node:path';",
  "import { fileURLToPath as __sfeFileURLToPath } from 'node:url';",
  'const require = __sfeCreateRequire(import.meta.url);',
  'const __filename = __sfeFileURLToPath(import.meta.url);',
  'const __dirname = __sfeDirname(__filename);',
].join(' ');

export interface FunctionBundleOptions {
  /** The handler's TypeScript file. */
  readonly entry: string;
  /** Where `index.mjs` (and its source map) go. */
  readonly outdir: string;
  /** The esbuild `target` (`node24`), from the function's runtime. */
  readonly target: string;
}

/**
 * The esbuild build of every sfe function: one minified ESM file, `index.mjs`, with the AWS SDK, Powertools and
 * zod bundled (pinned versions, tree-shaken, minified: loading them from the runtime's node_modules was
 * slower, see BENCHMARKS.md), zod's locales left out, the SDK's credential chain cut to what Lambda uses
 * (`lambdaCredentials`), Powertools' JMESPath engine cut to the dotted paths we use (`jmespathDottedPaths`),
 * and a source map beside it that Node does not load
 * (no `--enable-source-maps`: a function pays nothing for it at init; decode a minified position offline).
 */
export function functionBuildOptions(options: FunctionBundleOptions): BuildOptions {
  return {
    entryPoints: { index: options.entry },
    outdir: options.outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    target: options.target,
    format: 'esm',
    mainFields: ['module', 'main'],
    banner: { js: ESM_BANNER },
    minify: true,
    sourcemap: 'linked',
    sourcesContent: false,
    legalComments: 'none',
    plugins: [zodWithoutLocales, lambdaCredentials, jmespathDottedPaths],
    logLevel: 'warning',
  };
}

/** Builds one function's bundle (esbuild's async API: plugins need it). */
export async function bundleFunction(options: FunctionBundleOptions): Promise<void> {
  await build(functionBuildOptions(options));
}
