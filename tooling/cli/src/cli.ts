import { asksForHelp, type Command, type CommandIo, HELP_FLAGS, UsageError } from './command';

/** Exit code of a wrong command line (unknown command or option, missing argument), as in most CLIs. */
export const USAGE_EXIT_CODE = 2;

function findCommand(commands: readonly Command[], argv: readonly string[]): Command | undefined {
  // Longest path wins, so `dlq list` is preferred over a hypothetical `dlq`.
  return [...commands]
    .sort((a, b) => b.path.length - a.path.length)
    .find((c) => c.path.every((word, i) => argv[i] === word));
}

/** The commands under a prefix (`events` → `events list`, `events validate`), sorted. */
function commandsUnder(commands: readonly Command[], prefix: readonly string[]): Command[] {
  return commands
    .filter((c) => c.path.length > prefix.length && prefix.every((word, i) => c.path[i] === word))
    .sort((a, b) => a.path.join(' ').localeCompare(b.path.join(' ')));
}

/** The list of commands (all, or those under `prefix`), with how to get each one's help. */
export function helpText(commands: readonly Command[], prefix: readonly string[] = []): string {
  const listed = commandsUnder(commands, prefix);
  const lines = listed.map((c) => `  pnpm sfe ${c.usage}\n      ${c.summary}`);
  const what = prefix.length === 0 ? '<command>' : `${prefix.join(' ')} <command>`;
  return `Usage: pnpm sfe ${what} [options]\n\nCommands:\n${lines.join('\n')}\n\nRun \`pnpm sfe ${what} --help\` for a command's options and an example.\n`;
}

/** The longest run of leading words that is a command group (`new`, `events`), or [] if none. */
function groupOf(commands: readonly Command[], argv: readonly string[]): string[] {
  const words: string[] = [];
  for (const word of argv) {
    if (commandsUnder(commands, [...words, word]).length === 0) break;
    words.push(word);
  }
  return words;
}

/**
 * Runs one command line; returns the exit code: the command's own, 2 for bad usage (with the message and the
 * usage on stderr), 1 for an error (its message, one line, no stack trace).
 */
export async function runCli(
  commands: readonly Command[],
  argv: readonly string[],
  io: CommandIo,
): Promise<number> {
  const words = argv[0] === 'help' ? argv.slice(1) : argv;
  const wantsHelp = argv[0] === 'help' || asksForHelp(argv);
  const command = findCommand(commands, words);
  if (!command) {
    const group = groupOf(commands, words);
    const rest = words.slice(group.length);
    if (wantsHelp && rest.every((word) => HELP_FLAGS.includes(word))) {
      io.stdout(helpText(commands, group));
      return 0;
    }
    const problem =
      rest[0] === undefined
        ? 'which command?'
        : rest[0].startsWith('-')
          ? `unknown option '${rest[0]}' (options follow a command)`
          : `unknown command '${[...group, rest[0]].join(' ')}'`;
    io.stderr(`${problem}\n\n${helpText(commands, group)}`);
    return USAGE_EXIT_CODE;
  }
  const commandArgs = words.slice(command.path.length);
  try {
    return await command.run(argv[0] === 'help' ? ['--help'] : commandArgs, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(
        `${error.message}\nUsage: pnpm sfe ${command.usage}\nRun \`pnpm sfe ${command.path.join(' ')} --help\` for more.\n`,
      );
      return USAGE_EXIT_CODE;
    }
    io.stderr(`${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
