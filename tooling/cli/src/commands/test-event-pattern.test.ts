import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../cli';
import type { CommandIo } from '../command';
import { testEventPatternCommand } from './test-event-pattern';

let cwd: string;
beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'sfe-test-event-pattern-'));
});
afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
});

async function run(args: string[], stdin = '') {
  const out: string[] = [];
  const err: string[] = [];
  const io: CommandIo = {
    stdout: (s) => void out.push(s),
    stderr: (s) => void err.push(s),
    readStdin: async () => stdin,
    cwd,
  };
  const code = await runCli([testEventPatternCommand], ['test-event-pattern', ...args], io);
  return { code, out: out.join(''), err: err.join('') };
}

describe('sfe test-event-pattern', () => {
  it('prints {"Result": true} when the event matches', async () => {
    expect(await run(['--event-pattern', '{"source":["a"]}', '--event', '{"source":"a"}'])).toStrictEqual({
      code: 0,
      out: '{"Result": true}\n',
      err: '',
    });
  });

  it('prints {"Result": false} when it does not, reading numbers as written', async () => {
    expect(await run(['--event-pattern={"n":[300]}', '--event={"n":"300"}'])).toStrictEqual({
      code: 0,
      out: '{"Result": false}\n',
      err: '',
    });
    expect((await run(['--event-pattern', '{"n":[300]}', '--event', '{"n":3.0E2}'])).out).toBe(
      '{"Result": true}\n',
    );
  });

  it('keeps the last value of a repeated key, as EventBridge does', async () => {
    expect((await run(['--event-pattern', '{"a":["x"]}', '--event', '{"a":"x","a":"y"}'])).out).toBe(
      '{"Result": false}\n',
    );
  });

  it('prints the reason and exits 1 for an invalid pattern', async () => {
    expect(await run(['--event-pattern', '{"source":[]}', '--event', '{"source":"a"}'])).toStrictEqual({
      code: 1,
      out: '',
      err: 'An error occurred (InvalidEventPatternException): Event pattern is not valid. Reason: Empty arrays are not allowed\n',
    });
  });

  it('exits 1 for an event that is not a JSON object', async () => {
    const result = await run(['--event-pattern', '{"source":["a"]}', '--event', '["a"]']);
    expect(result).toStrictEqual({
      code: 1,
      out: '',
      err: 'An error occurred (InvalidEventException): Event is not a JSON object\n',
    });
  });

  it('reads file:// parameters relative to where it was run', async () => {
    await writeFile(join(cwd, 'pattern.json'), '{"detail":{"n":[{"numeric":[">",1]}]}}');
    await writeFile(join(cwd, 'event.json'), '{"detail":{"n":2}}');
    expect((await run(['--event-pattern', 'file://pattern.json', '--event', 'file://event.json'])).out).toBe(
      '{"Result": true}\n',
    );
  });

  it('answers one line per stdin line with --jsonl', async () => {
    const stdin = [
      '{"pattern": {"a": ["x"]}, "event": {"a": "x"}}',
      '{"pattern": "{\\"a\\": [3.0E2]}", "event": "{\\"a\\": 300}"}',
      '{"pattern": {"a": ["x"]}, "event": {"a": "y"}}',
      '{"pattern": {"a": "x"}, "event": {"a": "x"}}',
      'not json',
      '',
    ].join('\n');
    expect(await run(['--jsonl'], stdin)).toStrictEqual({
      code: 0,
      out: [
        '{"match": true}',
        '{"match": true}',
        '{"match": false}',
        '{"error": "Event pattern is not valid. Reason: \\"a\\" must be an object or an array"}',
        `{"error": "line is not JSON: Unrecognized token 'not': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')"}`,
        '',
      ].join('\n'),
      err: '',
    });
  });

  it('rejects missing or conflicting arguments', async () => {
    expect((await run(['--event-pattern', '{"a":["x"]}'])).code).toBe(2);
    expect((await run(['--jsonl', '--event', '{}'])).code).toBe(2);
  });
});
