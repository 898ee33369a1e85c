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

  it('counts what an earlier run left in the file', () => {
    const file = logFile();
    new FunctionLogs(file).record({ level: 'INFO', message: 'first run' });
    writeFileSync(file, `${readFileSync(file, 'utf8')}${'x'.repeat(150)}\n`);
    const logs = new FunctionLogs(file, 200);
    logs.record({ level: 'INFO', message: 'second run' });
    expect(lines(file)).toStrictEqual(['second run']);
  });
});
