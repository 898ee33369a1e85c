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

/** `import("node:http")` as esbuild writes it, however spaced or quoted, with or without the `node:` prefix. */
const DYNAMIC_HTTP_IMPORT = /\bimport\(\s*["'](?:node:)?http["']\s*\)/g;

/**
 * How many times a bundle loads `node:http` with a dynamic `import()`. Node builds an ESM namespace for it by
 * reading every export, and on Node 22+ those include lazy getters (`WebSocket`, `CloseEvent`,
 * `MessageEvent`) that load and compile undici: ~60-80 ms of CPU on Node 24, in the first record of a
 * function that calls out (BENCHMARKS.md, cold starts, session 9). `process.getBuiltinModule('node:http')`
 * does not touch them.
 */
export function dynamicHttpImports(bundlePath: string): number {
  return [...readFileSync(bundlePath, 'utf8').matchAll(DYNAMIC_HTTP_IMPORT)].length;
}
