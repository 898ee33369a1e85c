// @ts-check
// Bundles the CLI's read commands (`src/read-main.ts`) with esbuild into `dist/`, for `bin/sfe.mjs` to run with
// plain `node`. Plain JavaScript, since it runs before anything could compile TypeScript.
//
// What is bundled is the workspace's TypeScript the read commands import (some 190 files, most of them in chunks
// a read never loads, e.g. the runtime a direct-mode redrive builds); every npm package stays a separate module
// that Node loads from its installed path, as under tsx (PGlite finds its WebAssembly beside itself; no package's
// CommonJS is re-wrapped). Measured both ways (BENCHMARKS.md, session 6): bundling
// the packages too saved about 0.05 s of CPU per command and took 5-9 s to build instead of about 1 s.
//
// `manifest.json` records every file the build read with its modification time (the workspace sources, the
// packages' entry files, the lockfile, this script): `bin/sfe.mjs` rebuilds when any of them changed, so a
// developer never runs stale code.

import { readFileSync } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const PACKAGE_DIRECTORY = fileURLToPath(new URL('..', import.meta.url));
const WORKSPACE_ROOT = join(PACKAGE_DIRECTORY, '..', '..');
export const DIST_DIRECTORY = join(PACKAGE_DIRECTORY, 'dist');
export const MANIFEST_FILE = join(DIST_DIRECTORY, 'manifest.json');
/** Old builds are removed once this old: a command started from one may still be loading its chunks. */
const OLD_BUILD_MS = 10 * 60_000;

/**
 * @typedef {object} Manifest
 * @property {string} entry the entry module, relative to `dist/`
 * @property {string[]} commandPaths the command paths the entry runs (`report`, `dlq list`)
 * @property {Record<string, number>} inputs every file the build depends on (relative to the workspace root) and its mtime
 */

/** @returns {Promise<Manifest>} */
export async function build() {
  const esbuild = await import('esbuild');
  const id = `build-${Date.now()}-${process.pid}`;
  const outdir = join(DIST_DIRECTORY, id);
  /** @type {Set<string>} npm packages' files, imported from where they are installed */
  const packageFiles = new Set();
  const result = await esbuild.build({
    absWorkingDir: WORKSPACE_ROOT,
    entryPoints: { 'read-main': join(PACKAGE_DIRECTORY, 'src', 'read-main.ts') },
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    metafile: true,
    logLevel: 'silent',
    plugins: [
      {
        name: 'npm-packages-in-place',
        setup(build) {
          build.onResolve({ filter: /^[^./]/ }, async (args) => {
            if (args.path.startsWith('node:') || args.pluginData === 'inner') return undefined;
            const resolved = await build.resolve(args.path, {
              kind: args.kind,
              resolveDir: args.resolveDir,
              importer: args.importer,
              pluginData: 'inner',
            });
            if (resolved.errors.length > 0) return { errors: resolved.errors };
            // Workspace packages (symlinked into node_modules) resolve to their sources: bundled.
            if (!resolved.path.includes(`${sep}node_modules${sep}`)) return resolved;
            packageFiles.add(resolved.path);
            return { path: pathToFileURL(resolved.path).href, external: true };
          });
        },
      },
      {
        // A bundled module's `import.meta.url` would be the bundle's: each keeps its own file's (the
        // workspace's sources find files beside them, e.g. `@sfe/events`' schemas).
        name: 'own-import-meta',
        setup(build) {
          build.onLoad({ filter: /\.ts$/ }, (args) => {
            const contents = readFileSync(args.path, 'utf8')
              .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href))
              .replaceAll('import.meta.dirname', JSON.stringify(dirname(args.path)))
              .replaceAll('import.meta.filename', JSON.stringify(args.path));
            return { contents, loader: 'ts' };
          });
        },
      },
    ],
  });
  const files = [
    ...Object.keys(result.metafile.inputs).map((input) => join(WORKSPACE_ROOT, input)),
    ...packageFiles,
    join(WORKSPACE_ROOT, 'pnpm-lock.yaml'),
    fileURLToPath(import.meta.url),
  ];
  /** @type {Record<string, number>} */
  const inputs = {};
  for (const file of files) inputs[relative(WORKSPACE_ROOT, file)] = (await stat(file)).mtimeMs;
  const entry = join(outdir, 'read-main.mjs');
  const { commandPaths } = await import(pathToFileURL(entry).href);
  /** @type {Manifest} */
  const manifest = { entry: relative(DIST_DIRECTORY, entry), commandPaths, inputs };
  // Written whole, then renamed: a command starting meanwhile reads the old manifest or the new, never half.
  const written = join(DIST_DIRECTORY, `manifest-${id}.json`);
  await writeFile(written, `${JSON.stringify(manifest, null, 1)}\n`);
  await rename(written, MANIFEST_FILE);
  await removeOldBuilds(id);
  return manifest;
}

/** @param {string} current */
async function removeOldBuilds(current) {
  await mkdir(DIST_DIRECTORY, { recursive: true });
  for (const name of await readdir(DIST_DIRECTORY)) {
    if (!name.startsWith('build-') || name === current) continue;
    const path = join(DIST_DIRECTORY, name);
    const { mtimeMs } = await stat(path).catch(() => ({ mtimeMs: Date.now() }));
    if (Date.now() - mtimeMs > OLD_BUILD_MS) await rm(path, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  const manifest = await build();
  console.log(
    `bundled ${manifest.commandPaths.join(', ')} into ${join(DIST_DIRECTORY, manifest.entry)} ` +
      `(${Object.keys(manifest.inputs).length} inputs) in ${(performance.now() - started).toFixed(0)} ms`,
  );
}
