import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FunctionLogs } from './function-logs';

const directories: string[] = [];
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

function logFile(): string {
  const directory = mkdtempSync(join(tmpdir(), 'sfe-function-logs-'));
  directories.push(directory);
  return join(directory, 'logs', 'functions.log');
}

const lines = (file: string) =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((line) => (JSON.parse(line) as { message: string }).message);

describe('FunctionLogs', () => {
  it('appends each line, and keeps the reason a failed message was logged with, once', () => {
    const file = logFile();
    const logs = new FunctionLogs(file);
    logs.record({ level: 'INFO', message: 'handled' });
    logs.record({ level: 'ERROR', message: 'failed', messageId: 'm-1', reason: 'no such course' });
    expect(lines(file)).toStrictEqual(['handled', 'failed']);
    expect(logs.takeReason('m-1')).toBe('no such course');
    expect(logs.takeReason('m-1')).toBeUndefined();
  });

  it('rolls the file over to <file>.1 past its size limit, so it never grows without bound', () => {
    const file = logFile();
    const logs = new FunctionLogs(file, 200);
    for (let n = 0; n < 10; n += 1) logs.record({ level: 'INFO', message: `line ${n}` });
    const current = lines(file);
    const previous = lines(`${file}.1`);
    expect(readFileSync(file, 'utf8').length).toBeLessThanOrEqual(200);
    expect(readFileSync(`${file}.1`, 'utf8').length).toBeLessThanOrEqual(200);
    expect([...previous, ...current]).toStrictEqual(
      Array.from(
        { length: previous.length + current.length },
        (_, i) => `line ${10 - previous.length - current.length + i}`,
      ),
    );
    expect(current.at(-1)).toBe('line 9');
  });

  it('takes JSON log lines and EMF documents written to stdout as they are, and lets other output through', () => {
    const file = logFile();
    const logs = new FunctionLogs(file);
    const passed: string[] = [];
    const original = process.stdout.write;
    process.stdout.write = ((chunk: string) => passed.push(chunk) > 0) as typeof process.stdout.write;
    logs.install();
    try {
      const info = '{"level":"INFO","message":"Handled event","timestamp":"2026-12-06T01:55:34.575Z","a":1}';
      const failure = '{"level":"ERROR","message":"Record failed","messageId":"m-2","reason":"boom"}';
      const metrics = '{"_aws":{"Timestamp":1,"CloudWatchMetrics":[]},"EventsProcessed":1}';
      process.stdout.write(`${info}\n`);
      process.stdout.write(`${failure}\n${metrics}\n`);
      process.stdout.write('plain output\n');
      process.stdout.write('{"not":"a log line"}\n');
      expect(readFileSync(file, 'utf8')).toBe(`${info}\n${failure}\n${metrics}\n`);
      expect(logs.takeReason('m-2')).toBe('boom');
    } finally {
      logs.remove();
      process.stdout.write = original;
    }
    expect(passed).toStrictEqual(['plain output\n', '{"not":"a log line"}\n']);
  });

  it('counts what an earlier run left in the file', () => {
    const file = logFile();
    new FunctionLogs(file).record({ level: 'INFO', message: 'first run' });
    writeFileSync(file, `${readFileSync(file, 'utf8')}${'x'.repeat(150)}\n`);
    const logs = new FunctionLogs(file, 200);
    logs.record({ level: 'INFO', message: 'second run' });
    expect(lines(file)).toStrictEqual(['second run']);
  });
});
