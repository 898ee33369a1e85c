// @ts-check
// Bundles the CLI's read commands (`src/read-main.ts`) with esbuild into one CommonJS file in `dist/`, for
// `bin/sfe.cjs` to run with plain `node`. Plain JavaScript, since it runs before anything could compile TypeScript.
//
// What is bundled is the workspace's TypeScript a read command can run (about 40 files), in one file: Node reads
// and compiles one module, not a chunk per dynamic import (a read command loaded 13 of them), and a module reached
// through a dynamic import is evaluated only when a command takes that path, its packages required only then
// (PGlite only when the store is opened). CommonJS, because Node's ES module loader cost a read command about
// 10 ms of CPU (BENCHMARKS.md, session 8); the packages, ES modules, are loaded with `require` (Node >= 20.19), and
// Node's own modules imported dynamically are required too, so the ES module loader never starts. The modules a read
// command never runs, reached only through a dynamic import, are left out (`NOT_BUNDLED`): the full command index,
// the `--stage` code, the whole runtime that a redrive builds; they made the bundle depend on some 270 files, each
// stat-ed by the launcher on every run. Every npm package stays a separate module that Node loads from its installed
// path, as under tsx (PGlite finds its WebAssembly beside itself). Measured both ways (BENCHMARKS.md, session 6):
// bundling the packages too saved about 0.05 s of CPU per command and took 5-9 s to build instead of about 1 s.
//
// `manifest.json` records every file the build read with its modification time (the workspace sources, the
// packages' entry files, the lockfile, this script): `bin/sfe.cjs` rebuilds when any of them changed, so a
// developer never runs stale code. A source's time is taken before it is read: one edited during the build is seen
// as changed on the next run.

import { readFileSync, statSync } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const PACKAGE_DIRECTORY = fileURLToPath(new URL('..', import.meta.url));
const WORKSPACE_ROOT = join(PACKAGE_DIRECTORY, '..', '..');
export const DIST_DIRECTORY = join(PACKAGE_DIRECTORY, 'dist');
export const MANIFEST_FILE = join(DIST_DIRECTORY, 'manifest.json');
/** Old builds are removed once this old: a command started from one may still be loading its modules. */
const OLD_BUILD_MS = 10 * 60_000;

/**
 * Workspace modules left out of the bundle, each reached only through a dynamic import that a read command run from
 * the bundle never takes (a static import of one fails the build). Should one be reached, its import rejects saying
 * so. Paths relative to the workspace root.
 */
const NOT_BUNDLED = {
  'tooling/cli/src/commands/index.ts': 'every command: the launcher runs any other command line under tsx',
  'tooling/cli/src/stage/dead-letters.ts': '--stage, which the launcher runs under tsx (`TSX_ONLY_OPTIONS`)',
  'tooling/cli/src/stage/aws-stage.ts': '--stage, which the launcher runs under tsx (`TSX_ONLY_OPTIONS`)',
  'tooling/local-runtime/src/runtime.ts':
    'the whole runtime, built on a stopped store for a redrive, replay or moment',
  'tooling/local-runtime/src/output/terminal.ts': "the runtime's terminal output, loaded with the runtime",
};

/**
 * @typedef {object} Manifest
 * @property {string} entry the entry module, relative to `dist/`
 * @property {string[]} commandPaths the command paths the entry runs (`report`, `dlq list`)
 * @property {string[]} tsxOnlyOptions options with which those commands run under tsx instead (`--stage`)
 * @property {Record<string, number>} inputs every file the build depends on (relative to the workspace root) and its mtime
 */

/** @returns {Promise<Manifest>} */
export async function build() {
  const esbuild = await import('esbuild');
  const id = `build-${Date.now()}-${process.pid}`;
  const outdir = join(DIST_DIRECTORY, id);
  /** @type {Set<string>} npm packages' files, imported from where they are installed */
  const packageFiles = new Set();
  /** @type {Map<string, number>} each source's modification time, taken before it was read */
  const readTimes = new Map();
  const result = await esbuild.build({
    absWorkingDir: WORKSPACE_ROOT,
    entryPoints: { 'read-main': join(PACKAGE_DIRECTORY, 'src', 'read-main.ts') },
    outdir,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    metafile: true,
    logLevel: 'silent',
    plugins: [
      {
        name: 'not-bundled',
        setup(build) {
          const reasons = new Map(
            Object.entries(NOT_BUNDLED).map(([file, reason]) => [join(WORKSPACE_ROOT, file), reason]),
          );
          build.onResolve({ filter: /^\./ }, async (args) => {
            if (args.pluginData === 'inner') return undefined;
            const resolved = await build.resolve(args.path, {
              kind: args.kind,
              resolveDir: args.resolveDir,
              importer: args.importer,
              pluginData: 'inner',
            });
            const reason = reasons.get(resolved.path);
            if (resolved.errors.length > 0 || reason === undefined) return resolved;
            const file = relative(WORKSPACE_ROOT, resolved.path);
            if (args.kind !== 'dynamic-import') {
              return {
                errors: [
                  { text: `${file} is left out of the read bundle (${reason}): import it dynamically` },
                ],
              };
            }
            return { path: file, namespace: 'not-bundled', pluginData: reason };
          });
          build.onLoad({ filter: /.*/, namespace: 'not-bundled' }, (args) => ({
            contents: `throw new Error(${JSON.stringify(
              `${args.path} is not in the bundle of the read commands (${args.pluginData}); run it under tsx`,
            )});`,
            loader: 'js',
          }));
        },
      },
      {
        name: 'builtins-required',
        setup(build) {
          build.onResolve({ filter: /^node:/ }, (args) =>
            args.kind === 'dynamic-import' ? { path: args.path, namespace: 'builtin' } : undefined,
          );
          build.onLoad({ filter: /.*/, namespace: 'builtin' }, (args) => ({
            contents: `module.exports = require(${JSON.stringify(args.path)});`,
            loader: 'js',
          }));
        },
      },
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
            return { path: resolved.path, external: true };
          });
        },
      },
      {
        // A bundled module's `import.meta.url` would be the bundle's: each keeps its own file's (the
        // workspace's sources find files beside them, e.g. `@sfe/events`' schemas).
        name: 'own-import-meta',
        setup(build) {
          build.onLoad({ filter: /\.ts$/ }, (args) => {
            readTimes.set(args.path, statSync(args.path).mtimeMs);
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
    ...Object.keys(result.metafile.inputs)
      .filter((input) => !input.startsWith('not-bundled:') && !input.startsWith('builtin:'))
      .map((input) => join(WORKSPACE_ROOT, input)),
    ...packageFiles,
    join(WORKSPACE_ROOT, 'pnpm-lock.yaml'),
    fileURLToPath(import.meta.url),
  ];
  /** @type {Record<string, number>} */
  const inputs = {};
  for (const file of files) {
    inputs[relative(WORKSPACE_ROOT, file)] = readTimes.get(file) ?? (await stat(file)).mtimeMs;
  }
  const entry = join(outdir, 'read-main.cjs');
  const { commandPaths, TSX_ONLY_OPTIONS } = createRequire(import.meta.url)(entry);
  /** @type {Manifest} */
  const manifest = {
    entry: relative(DIST_DIRECTORY, entry),
    commandPaths,
    tsxOnlyOptions: TSX_ONLY_OPTIONS,
    inputs,
  };
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
