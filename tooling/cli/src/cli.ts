import { type Command, type CommandIo, UsageError } from './command';

function findCommand(commands: readonly Command[], argv: readonly string[]): Command | undefined {
  // Longest path wins, so `dlq list` is preferred over a hypothetical `dlq`.
  return [...commands]
    .sort((a, b) => b.path.length - a.path.length)
    .find((c) => c.path.every((word, i) => argv[i] === word));
}

export function helpText(commands: readonly Command[]): string {
  const lines = commands.map((c) => `  pnpm sfe ${c.usage}\n      ${c.summary}`);
  return `Usage:\n${lines.join('\n')}\n`;
}

/** Runs one command line; returns the exit code. */
export async function runCli(
  commands: readonly Command[],
  argv: readonly string[],
  io: CommandIo,
): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === 'help') {
    io.stdout(helpText(commands));
    return argv.length === 0 ? 1 : 0;
  }
  const command = findCommand(commands, argv);
  if (!command) {
    io.stderr(`Unknown command: ${argv.join(' ')}\n\n${helpText(commands)}`);
    return 1;
  }
  try {
    return await command.run(argv.slice(command.path.length), io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`${error.message}\nUsage: pnpm sfe ${command.usage}\n`);
      return 1;
    }
    io.stderr(`${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
