// The bundled CLI's entry: `bin/sfe.cjs` builds it with esbuild into `dist/` and runs it with plain `node` for
// the read commands (`SINGLE_COMMANDS`), so they pay neither tsx nor loading TypeScript; every other command
// line runs `src/main.ts` under tsx, as before.
import { prepareStoreOpening } from '@sfe/local-runtime/access';
import { runCli } from './cli';
import { compileWasmForAShortRun, SINGLE_COMMANDS, singleCommandFor } from './command-loader';
import { processIo } from './process-io';

/** The command paths this entry runs (`bin/sfe.cjs` keeps them beside the build). */
export const commandPaths: readonly string[] = Object.keys(SINGLE_COMMANDS);

/**
 * Options with which the launcher runs these commands under tsx instead: `--stage` finds a stage's queues through
 * every service definition, imported from its TypeScript by path (`discoverServices`), which plain `node` cannot
 * load; the stage's code is left out of the bundle (`bin/build.mjs`).
 */
export const TSX_ONLY_OPTIONS: readonly string[] = ['--stage'];

/** Runs one read command line; its exit code. */
export async function run(argv: readonly string[]): Promise<number> {
  const load = singleCommandFor(argv);
  if (!load)
    throw new Error(`not a read command: ${argv.join(' ')} (read commands: ${commandPaths.join(', ')})`);
  prepareStoreOpening(compileWasmForAShortRun);
  return runCli([await load()], argv, processIo());
}
