import { describe, expect, it } from 'vitest';
import { runCli } from './cli';
import type { CommandIo } from './command';
import { commands } from './commands/index';

async function sfe(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CommandIo = {
    stdout: (s) => {
      out += s;
    },
    stderr: (s) => {
      err += s;
    },
    readStdin: async () => '',
    cwd: '/',
  };
  const code = await runCli(commands, argv, io);
  return { code, out, err };
}

const paths = commands.map((command) => command.path);

describe('pnpm sfe', () => {
  it.each(paths)('%s --help prints its usage, options and an example, and exits 0', async (...path) => {
    const { code, out, err } = await sfe(...path, '--help');
    expect({ code, err }).toStrictEqual({ code: 0, err: '' });
    expect(out).toMatch(new RegExp(`^Usage: pnpm sfe ${path.join(' ')}\\b`));
    expect(out).toContain('\nOptions:\n');
    expect(out).toContain('  -h, --help');
    expect(out).toMatch(/\nExamples?:\n {2}pnpm (sfe|dev)\b/);
  });

  it.each(paths)('%s with an unknown option exits 2 naming it, with the usage', async (...path) => {
    const { code, out, err } = await sfe(...path, '--no-such-option');
    expect({ code, out }).toStrictEqual({ code: 2, out: '' });
    expect(err).toMatch(
      new RegExp(`^unknown option '--no-such-option'\\nUsage: pnpm sfe ${path.join(' ')}\\b`),
    );
  });

  it.each([['events'], ['dlq'], ['new']])('%s --help lists the commands under it', async (group) => {
    const { code, out } = await sfe(group, '--help');
    expect(code).toBe(0);
    const listed = out.match(/^ {2}pnpm sfe \S+ \S+/gm);
    expect(listed).toStrictEqual(
      paths.filter((path) => path[0] === group).map((path) => `  pnpm sfe ${path.join(' ')}`),
    );
  });

  it('--help, -h and help list every command; help <command> is its --help', async () => {
    const all = await sfe('--help');
    expect(all.code).toBe(0);
    for (const path of paths) expect(all.out).toContain(`  pnpm sfe ${path.join(' ')}`);
    expect(await sfe('-h')).toStrictEqual(all);
    expect(await sfe('help')).toStrictEqual(all);
    expect(await sfe('help', 'events', 'list')).toStrictEqual(await sfe('events', 'list', '--help'));
  });

  it('exits 2 with the list for no command, an unknown command or an option before the command', async () => {
    const none = await sfe();
    expect([none.code, none.err.split('\n')[0]]).toStrictEqual([2, 'which command?']);
    const unknown = await sfe('events', 'lsit');
    expect([unknown.code, unknown.err.split('\n')[0]]).toStrictEqual([2, "unknown command 'events lsit'"]);
    expect(unknown.err).toContain('pnpm sfe events list');
    const option = await sfe('--json');
    expect([option.code, option.err.split('\n')[0]]).toStrictEqual([
      2,
      "unknown option '--json' (options follow a command)",
    ]);
  });
});
