import type { CommandIo } from './command';

/** The CLI's io in a process of its own: the terminal, stdin, and where the user typed the command. */
export function processIo(): CommandIo {
  return {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    // Loaded when a command reads stdin: the read commands never do, and need not load the streams' helpers.
    readStdin: async () => (await import('node:stream/consumers')).text(process.stdin),
    // pnpm runs scripts from the workspace root; INIT_CWD is where the user typed the command.
    cwd: process.env.INIT_CWD ?? process.cwd(),
    isTerminal: process.stdout.isTTY === true,
  };
}
