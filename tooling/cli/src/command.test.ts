import { describe, expect, it } from 'vitest';
import { asksForHelp, type CommandIo, defineCommand, UsageError } from './command';

function captureIo() {
  const out: string[] = [];
  const io: CommandIo = {
    stdout: (s) => void out.push(s),
    stderr: () => {},
    readStdin: async () => '',
    cwd: '/',
  };
  return { io, out: () => out.join('') };
}

/** A command that records what it was given. */
function greet() {
  const seen: unknown[] = [];
  const command = defineCommand({
    path: ['greet'],
    summary: 'Says hello.',
    description: 'Greets someone, possibly loudly.',
    args: [
      { name: 'who', description: 'whom to greet', required: true },
      { name: 'how', description: 'a greeting' },
    ],
    options: {
      loud: { type: 'boolean', short: 'l', description: 'in capitals' },
      times: { type: 'string', value: '<n>', default: '1', description: 'how often' },
      lang: { type: 'string', value: '<code>', required: true, description: 'which language' },
      note: { type: 'string', description: 'a note' },
    },
    examples: ['pnpm sfe greet ada --lang en --loud'],
    async run(input) {
      seen.push(input);
      return 0;
    },
  });
  return { command, seen };
}

describe('defineCommand', () => {
  it('derives the usage line from the arguments and required options', () => {
    expect(greet().command.usage).toBe('greet <who> [<how>] --lang <code> [options]');
  });

  it('derives the help: usage, summary, description, arguments, options, example', () => {
    expect(greet().command.help).toBe(
      [
        'Usage: pnpm sfe greet <who> [<how>] --lang <code> [options]',
        '',
        'Says hello.',
        '',
        'Greets someone, possibly loudly.',
        '',
        'Arguments:',
        '  <who>  whom to greet',
        '  <how>  a greeting',
        '',
        'Options:',
        '  -l, --loud      in capitals',
        '  --times <n>     how often (default: 1)',
        '  --lang <code>   which language (required)',
        '  --note <value>  a note',
        '  -h, --help      show this help',
        '',
        'Example:',
        '  pnpm sfe greet ada --lang en --loud',
        '',
      ].join('\n'),
    );
  });

  it('passes parsed arguments and options, with defaults, to run', async () => {
    const { command, seen } = greet();
    expect(await command.run(['ada', '--lang=en', '-l'], captureIo().io)).toBe(0);
    expect(await command.run(['--lang', 'fr', 'grace', 'bonjour', '--times', '3'], captureIo().io)).toBe(0);
    expect(seen).toStrictEqual([
      {
        args: { who: 'ada', how: undefined },
        options: { loud: true, times: '1', lang: 'en', note: undefined },
      },
      {
        args: { who: 'grace', how: 'bonjour' },
        options: { loud: false, times: '3', lang: 'fr', note: undefined },
      },
    ]);
  });

  it('prints the help and runs nothing on --help or -h, whatever else is on the line', async () => {
    const { command, seen } = greet();
    for (const argv of [['--help'], ['-h'], ['ada', '--bogus', '--help']]) {
      const { io, out } = captureIo();
      expect(await command.run(argv, io)).toBe(0);
      expect(out()).toBe(command.help);
    }
    expect(seen).toStrictEqual([]);
  });

  it('takes --help after -- as an argument', async () => {
    const { command, seen } = greet();
    expect(await command.run(['--lang', 'en', '--', '--help'], captureIo().io)).toBe(0);
    expect(seen).toStrictEqual([
      {
        args: { who: '--help', how: undefined },
        options: { loud: false, times: '1', lang: 'en', note: undefined },
      },
    ]);
  });

  it.each([
    [['ada', '--lang', 'en', '--shout'], "unknown option '--shout'"],
    [['ada', '--lang', 'en', '-x'], "unknown option '-x'"],
    [['ada', 'hi', 'there', '--lang', 'en'], "unexpected argument 'there'"],
    [['--lang', 'en'], 'missing <who>'],
    [['ada'], '--lang is required'],
    [['ada', '--lang'], "Option '--lang <value>' argument missing"],
    [['ada', '--lang', 'en', '--loud=yes'], "Option '-l, --loud' does not take an argument"],
  ])('rejects %j with a UsageError: %s', async (argv, message) => {
    const { command, seen } = greet();
    const run = command.run(argv, captureIo().io);
    await expect(run).rejects.toThrow(UsageError);
    await expect(run).rejects.toThrow(message);
    expect(seen).toStrictEqual([]);
  });

  it('rejects any argument of a command that takes none', async () => {
    const command = defineCommand({
      path: ['x'],
      summary: 'x',
      examples: ['pnpm sfe x'],
      run: async () => 0,
    });
    await expect(command.run(['extra'], captureIo().io)).rejects.toThrow("unexpected argument 'extra'");
  });
});

describe('asksForHelp', () => {
  it('sees --help and -h before --, and not inside a value', () => {
    expect(
      [['--help'], ['a', '-h'], ['--', '--help'], ['--event=--help'], []].map(asksForHelp),
    ).toStrictEqual([true, true, false, false, false]);
  });
});
