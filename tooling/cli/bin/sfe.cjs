#!/usr/bin/env node
// @ts-check
// `pnpm sfe` (and `./sfe` at the workspace root, without pnpm's own start): the CLI.
//
// The read commands (`report`, `dlq list`: `SINGLE_COMMANDS` in `src/command-loader.ts`) run from a bundle
// built with esbuild (`bin/build.mjs`), in this process with plain `node`: no tsx, no TypeScript compiled per
// run. The bundle is rebuilt first whenever a file it was built from changed (its manifest keeps their
// modification times), so what runs is always the sources. Every other command line runs `src/main.ts` under
// tsx in a child process, exactly as before (`node --import tsx`; the `tsx` command starts a child too).
//
// CommonJS, as is the bundle: a read command then never starts Node's ES module loader, which cost about 10 ms of
// CPU per command (BENCHMARKS.md, session 8). `build.mjs` (ES module) is imported only to rebuild.
'use strict';

const { readFileSync, statSync } = require('node:fs');
const { join, sep } = require('node:path');

const PACKAGE_DIRECTORY = join(__dirname, '..');
const WORKSPACE_ROOT = join(PACKAGE_DIRECTORY, '..', '..');
const DIST_DIRECTORY = join(PACKAGE_DIRECTORY, 'dist');
const argv = process.argv.slice(2);

/** @returns {import('./build.mjs').Manifest | undefined} */
function readManifest() {
  try {
    return JSON.parse(readFileSync(join(DIST_DIRECTORY, 'manifest.json'), 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Whether every file the bundle was built from is as it was: some 45 stats, on every read command. The paths are
 * joined by hand (`path.join` normalising each was half of this check's CPU, measured with --cpu-prof) and a
 * missing file is no exception thrown.
 * @param {import('./build.mjs').Manifest} manifest
 */
function isCurrent(manifest) {
  const root = `${WORKSPACE_ROOT}${sep}`;
  for (const [file, mtimeMs] of Object.entries(manifest.inputs)) {
    if (statSync(root + file, { throwIfNoEntry: false })?.mtimeMs !== mtimeMs) return false;
  }
  return true;
}

/**
 * Whether the bundle runs this command line: a read command, without an option that needs tsx (`--stage`, in any
 * spelling parseArgs accepts: `--stage x`, `--stage=x`).
 * @param {import('./build.mjs').Manifest} manifest
 */
const runsFromBundle = (manifest) =>
  manifest.commandPaths.some((path) => path.split(' ').every((word, i) => argv[i] === word)) &&
  !argv.some((arg) =>
    manifest.tsxOnlyOptions.some((option) => arg === option || arg.startsWith(`${option}=`)),
  );

/** `node --import tsx src/main.ts <argv>`, its exit code or signal passed on as this process's. */
function runUnderTsx() {
  // Required here: a read command starts no child process and need not load the module.
  const { spawn } = require('node:child_process');
  const { pathToFileURL } = require('node:url');
  const child = spawn(
    process.execPath,
    [
      '--import',
      pathToFileURL(require.resolve('tsx')).href,
      join(PACKAGE_DIRECTORY, 'src', 'main.ts'),
      ...argv,
    ],
    { stdio: 'inherit' },
  );
  // Ctrl-C reaches the child from the terminal itself; a signal sent to this process alone is passed on.
  const relay = /** @param {NodeJS.Signals} signal */ (signal) => child.kill(signal);
  process.on('SIGINT', () => {});
  for (const signal of /** @type {const} */ (['SIGTERM', 'SIGHUP'])) process.on(signal, relay);
  child.on('exit', (code, signal) => {
    if (signal) {
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
    } else process.exitCode = code ?? 1;
  });
}

async function main() {
  let manifest = readManifest();
  if (!manifest || (runsFromBundle(manifest) && !isCurrent(manifest))) {
    try {
      manifest = await (await import('./build.mjs')).build();
    } catch (error) {
      // A source that does not compile: tsx reports it as it always did.
      process.stderr.write(`sfe: could not bundle the read commands, running under tsx (${error})\n`);
      manifest = undefined;
    }
  }
  if (manifest && runsFromBundle(manifest)) {
    /** @type {{ run(argv: readonly string[]): Promise<number> }} */
    const bundle = require(join(DIST_DIRECTORY, manifest.entry));
    process.exitCode = await bundle.run(argv);
  } else {
    runUnderTsx();
  }
}

main();
