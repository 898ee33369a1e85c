import type { Command } from './command';

/**
 * Commands loaded on their own when a command line names them. The full index (`commands/index.ts`) imports
 * every command's libraries (the catalog's, the generator's, the whole local runtime), seconds of a busy
 * machine, which a read command answering from the store in milliseconds should not pay. Each entry is the
 * index's own command object (the test checks), so its help, options and behaviour are the same either way.
 */
export const SINGLE_COMMANDS: Readonly<Record<string, () => Promise<Command>>> = {
  report: async () => (await import('./commands/report')).reportCommand,
  'dlq list': async () => (await import('./commands/dlq-list')).dlqListCommand,
};

/** The commands to run `argv` with: the one it names, if it is a single command, else every command. */
export async function loadCommandsFor(argv: readonly string[]): Promise<readonly Command[]> {
  for (const [path, load] of Object.entries(SINGLE_COMMANDS)) {
    const words = path.split(' ');
    if (words.every((word, i) => argv[i] === word)) return [await load()];
  }
  return (await import('./commands/index')).commands;
}
