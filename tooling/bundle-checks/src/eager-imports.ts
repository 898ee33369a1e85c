import { readFileSync } from 'node:fs';

/** Node's network and stream modules: loading them (TLS most of all) is a large part of a bare start. */
const NETWORK_MODULES = ['http', 'https', 'http2', 'net', 'tls', 'stream'];

/** A static ESM import of one of them, as esbuild writes it (`from"node:https"`); `import("node:https")` is not. */
const STATIC_IMPORT = new RegExp(`\\bfrom\\s*["'](?:node:)?(${NETWORK_MODULES.join('|')})["']`, 'g');

/**
 * The Node network and stream modules a bundle imports statically, so loads at init rather than on the first
 * call out (issue 17: `@sfe/aws-fetch` imports `node:http`/`node:https` on its first request).
 */
export function eagerNetworkImports(bundlePath: string): string[] {
  const text = readFileSync(bundlePath, 'utf8');
  return [...new Set([...text.matchAll(STATIC_IMPORT)].map((match) => match[1] ?? ''))].sort();
}
