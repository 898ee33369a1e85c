import type { Command } from './command';

/**
 * Commands loaded on their own when a command line names them. The full index (`commands/index.ts`) imports
 * every command's libraries (the catalog's, the generator's, the whole local runtime), seconds of a busy
 * machine, which a read command answering from the store in milliseconds should not pay. Each entry is the
 * index's own command object (the test checks), so its help, options and behaviour are the same either way.
 * These are also the commands the bundled CLI runs without tsx (`bin/sfe.cjs`, `src/read-main.ts`).
 */
export const SINGLE_COMMANDS: Readonly<Record<string, () => Promise<Command>>> = {
  report: async () => (await import('./commands/report')).reportCommand,
  'dlq list': async () => (await import('./commands/dlq-list')).dlqListCommand,
};

/** The loader of the single command `argv` names, if it names one. */
export function singleCommandFor(argv: readonly string[]): (() => Promise<Command>) | undefined {
  for (const [path, load] of Object.entries(SINGLE_COMMANDS)) {
    const words = path.split(' ');
    if (words.every((word, i) => argv[i] === word)) return load;
  }
  return undefined;
}

/** The commands to run `argv` with: the one it names, if it is a single command, else every command. */
export async function loadCommandsFor(argv: readonly string[]): Promise<readonly Command[]> {
  const load = singleCommandFor(argv);
  return load ? [await load()] : (await import('./commands/index')).commands;
}

/**
 * For a process that runs one read command and exits: V8 compiles WebAssembly with its baseline compiler only
 * (Liftoff). By default it also optimises PGlite's 9 MB module in background threads (TurboFan), which was
 * half the CPU of opening a stopped store (about 0.55 of 1.1 s) and kept the process alive after its answer;
 * a few queries gain nothing from optimised code. A runtime (`dev`) keeps the default: it runs for hours.
 * Registered with `prepareStoreOpening` (`@sfe/local-runtime/access`): it runs only if the store is opened.
 */
export async function compileWasmForAShortRun(): Promise<void> {
  // Imported here: node:v8 is about 8 ms of a read command's start (BENCHMARKS.md, session 9), and most reads
  // (a running runtime, the read projection) never compile PGlite.
  const { setFlagsFromString } = await import('node:v8');
  setFlagsFromString('--liftoff-only');
}
