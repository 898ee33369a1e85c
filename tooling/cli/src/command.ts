/** One CLI command. `run` returns the process exit code. */
export interface Command {
  /** Words that select the command, e.g. `['events', 'list']`. */
  readonly path: readonly string[];
  readonly usage: string;
  readonly summary: string;
  run(args: readonly string[], io: CommandIo): Promise<number>;
}

/** What a command may touch: injected so tests run commands without a child process. */
export interface CommandIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly readStdin: () => Promise<string>;
  /** The directory the user ran `pnpm sfe` from: relative paths resolve against it. */
  readonly cwd: string;
}

export class UsageError extends Error {
  override readonly name = 'UsageError';
}
