import { parseArgs } from 'node:util';

/*
 * How to add a command (one file in `commands/`, one line in `commands/index.ts`):
 *
 *   export const greetCommand = defineCommand({
 *     path: ['greet'],                                   // the words that select it: `pnpm sfe greet`
 *     summary: 'Says hello.',                            // one line, in `pnpm sfe --help`
 *     args: [{ name: 'who', description: 'whom to greet', required: true }],
 *     options: {
 *       loud: { type: 'boolean', description: 'in capitals' },
 *       times: { type: 'string', value: '<n>', default: '1', description: 'how often' },
 *     },
 *     examples: ['pnpm sfe greet ada --loud'],
 *     async run({ args, options }, io) {                 // args.who: string, options.loud: boolean
 *       io.stdout(`hello ${args.who}\n`);
 *       return 0;                                        // the exit code
 *     },
 *   });
 *
 * Options are parsed by Node's `util.parseArgs` (strict: unknown options and stray arguments are rejected);
 * `--help`/`-h`, the help text, the usage line and exit 2 on bad usage come from the definition, so no
 * command scans argv itself. Throw `UsageError` from `run` for a usage problem found later (exit 2 + usage).
 */

/** One option: `util.parseArgs`'s option config plus what the help prints. */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  readonly description: string;
  /** A string option's value in the help, e.g. `<dir>`. */
  readonly value?: string;
  /** A string option's value when not given (shown in the help). */
  readonly default?: string;
  /** A string option that must be given. */
  readonly required?: boolean;
}

/** One positional argument, in order. */
export interface ArgSpec {
  readonly name: string;
  readonly description: string;
  readonly required?: boolean;
}

type OptionValues<O extends Readonly<Record<string, OptionSpec>>> = {
  readonly [K in keyof O]: O[K] extends { type: 'boolean' }
    ? boolean
    : O[K] extends { default: string } | { required: true }
      ? string
      : string | undefined;
};

type ArgValues<A extends readonly ArgSpec[]> = {
  readonly [S in A[number] as S['name']]: S extends { required: true } ? string : string | undefined;
};

/** What `defineCommand` takes: the command's words, its help, its options, and what it does. */
export interface CommandDefinition<
  O extends Readonly<Record<string, OptionSpec>>,
  A extends readonly ArgSpec[],
> {
  /** Words that select the command, e.g. `['events', 'list']`. */
  readonly path: readonly string[];
  /** One line for the list of commands. */
  readonly summary: string;
  /** More help text, printed under the usage line (optional). */
  readonly description?: string;
  readonly args?: A;
  readonly options?: O;
  /** What the command reads from stdin, for the usage line, e.g. `< stream-event.json`. */
  readonly stdin?: string;
  /** Complete command lines, e.g. `pnpm sfe events list --json`; at least one. */
  readonly examples: readonly [string, ...string[]];
  /** Runs with validated input; resolves with the exit code. */
  run(
    input: { readonly args: ArgValues<A>; readonly options: OptionValues<O> },
    io: CommandIo,
  ): Promise<number>;
}

/** One CLI command, as the dispatcher sees it. Build it with `defineCommand`. */
export interface Command {
  readonly path: readonly string[];
  readonly summary: string;
  /** `pnpm sfe <path> <args> [options]`. */
  readonly usage: string;
  /** The full `--help` text. */
  readonly help: string;
  /** Parses `argv` (the words after `path`) and runs; throws `UsageError` on bad usage. */
  run(argv: readonly string[], io: CommandIo): Promise<number>;
}

/** What a command may touch: injected so tests run commands without a child process. */
export interface CommandIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly readStdin: () => Promise<string>;
  /** The directory the user ran `pnpm sfe` from: relative paths resolve against it. */
  readonly cwd: string;
  /** Whether stdout is a terminal (colours are for terminals only). */
  readonly isTerminal?: boolean;
}

/** The command line was wrong: the CLI prints the message and the usage, and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const HELP_FLAGS: readonly string[] = ['--help', '-h'];

/** True when `argv` asks for help (before any `--`, after which everything is an argument). */
export function asksForHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).some((arg) => HELP_FLAGS.includes(arg));
}

function optionLabel(name: string, spec: OptionSpec): string {
  const flag = `${spec.short ? `-${spec.short}, ` : ''}--${name}`;
  return spec.type === 'string' ? `${flag} ${spec.value ?? '<value>'}` : flag;
}

/** Two columns: labels padded to the longest, descriptions after. */
function columns(rows: readonly (readonly [string, string])[]): string {
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  return rows.map(([label, text]) => `  ${label.padEnd(width)}${text}`.trimEnd()).join('\n');
}

function usageOf(
  path: readonly string[],
  args: readonly ArgSpec[],
  options: Record<string, OptionSpec>,
  stdin: string | undefined,
) {
  const words = [
    ...path,
    ...args.map((arg) => (arg.required ? `<${arg.name}>` : `[<${arg.name}>]`)),
    ...Object.entries(options)
      .filter(([, spec]) => spec.required)
      .map(([name, spec]) => optionLabel(name, spec)),
    '[options]',
    ...(stdin ? [stdin] : []),
  ];
  return words.join(' ');
}

function helpOf(
  definition: { path: readonly string[]; summary: string; description?: string; examples: readonly string[] },
  usage: string,
  args: readonly ArgSpec[],
  options: Record<string, OptionSpec>,
): string {
  const sections = [`Usage: pnpm sfe ${usage}`, definition.summary];
  if (definition.description) sections.push(definition.description);
  if (args.length > 0) {
    sections.push(`Arguments:\n${columns(args.map((arg) => [`<${arg.name}>`, arg.description]))}`);
  }
  const optionRows = Object.entries(options).map(([name, spec]): [string, string] => [
    optionLabel(name, spec),
    `${spec.description}${spec.required ? ' (required)' : ''}${spec.default === undefined ? '' : ` (default: ${spec.default})`}`,
  ]);
  optionRows.push(['-h, --help', 'show this help']);
  sections.push(`Options:\n${columns(optionRows)}`);
  sections.push(
    `Example${definition.examples.length > 1 ? 's' : ''}:\n${definition.examples.map((e) => `  ${e}`).join('\n')}`,
  );
  return `${sections.join('\n\n')}\n`;
}

/** `util.parseArgs`'s errors, reworded for a person (its own suggest `--` even where no argument is taken). */
function usageErrorOf(error: unknown): UsageError {
  const { code, message } = error as { code?: string; message: string };
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const option = /'([^']+)'/.exec(message)?.[1] ?? message;
    return new UsageError(`unknown option '${option}'`);
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    const arg = /'([^']*)'/.exec(message)?.[1] ?? message;
    return new UsageError(`unexpected argument '${arg}'`);
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return new UsageError(message);
  throw error;
}

/**
 * Builds a command from its definition: the options are declared once and give the parser, the validation,
 * the usage line and the `--help` text.
 */
export function defineCommand<
  const O extends Readonly<Record<string, OptionSpec>> = Record<never, OptionSpec>,
  const A extends readonly ArgSpec[] = readonly [],
>(definition: CommandDefinition<O, A>): Command {
  const options: Record<string, OptionSpec> = { ...definition.options };
  const args: readonly ArgSpec[] = definition.args ?? [];
  const usage = usageOf(definition.path, args, options, definition.stdin);
  const help = helpOf(definition, usage, args, options);
  const config = Object.fromEntries(
    Object.entries(options).map(([name, spec]) => [
      name,
      { type: spec.type, ...(spec.short ? { short: spec.short } : {}) },
    ]),
  );
  return {
    path: definition.path,
    summary: definition.summary,
    usage,
    help,
    async run(argv, io) {
      if (asksForHelp(argv)) {
        io.stdout(help);
        return 0;
      }
      let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
      try {
        parsed = parseArgs({
          args: [...argv],
          options: config,
          strict: true,
          allowPositionals: args.length > 0,
        });
      } catch (error) {
        throw usageErrorOf(error);
      }
      if (parsed.positionals.length > args.length) {
        throw new UsageError(`unexpected argument '${parsed.positionals[args.length]}'`);
      }
      const argValues: Record<string, string | undefined> = {};
      for (const [index, arg] of args.entries()) {
        const value = parsed.positionals[index];
        if (value === undefined && arg.required) throw new UsageError(`missing <${arg.name}>`);
        argValues[arg.name] = value;
      }
      const optionValues: Record<string, string | boolean | undefined> = {};
      for (const [name, spec] of Object.entries(options)) {
        const value = parsed.values[name];
        if (value === undefined && spec.required) throw new UsageError(`--${name} is required`);
        optionValues[name] = value ?? (spec.type === 'boolean' ? false : spec.default);
      }
      return definition.run(
        { args: argValues as ArgValues<A>, options: optionValues as OptionValues<O> },
        io,
      );
    },
  };
}
