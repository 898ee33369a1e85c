import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOutboxFiles } from './outbox-files';

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'sfe-outbox-'));
});
afterEach(() => rm(directory, { recursive: true, force: true }));

describe('createOutboxFiles', () => {
  it('names a file by time, kind and event, and replaces it when the same event is written again', async () => {
    let now = new Date('2026-11-23T10:00:00.000Z');
    const files = createOutboxFiles({ directory, now: () => now });
    const first = await files.write('welcome', 'e-1', 'eml', 'one');
    now = new Date('2026-11-23T10:05:00.000Z');
    const again = await files.write('welcome', 'e-1', 'eml', 'two');
    await files.write('receipt', 'e-1', 'eml', 'three');
    expect(again).toBe(first);
    expect((await readdir(directory)).sort()).toStrictEqual([
      '2026-11-23T10-00-00-000Z-welcome-e-1.eml',
      '2026-11-23T10-05-00-000Z-receipt-e-1.eml',
    ]);
    expect(await readFile(first, 'utf8')).toBe('two');
  });

  it('finds the files a previous process wrote (a delivery repeated after a restart), ignoring .tmp ones', async () => {
    await writeFile(join(directory, '2026-11-23T09-00-00-000Z-welcome-e-1.eml'), 'before the crash');
    await writeFile(join(directory, '2026-11-23T09-00-00-000Z-receipt-e-2.eml.tmp'), 'half');
    const files = createOutboxFiles({ directory, now: () => new Date('2026-11-23T10:00:00.000Z') });
    await files.write('welcome', 'e-1', 'eml', 'after');
    await files.write('receipt', 'e-2', 'eml', 'whole');
    expect((await readdir(directory)).sort()).toStrictEqual([
      '2026-11-23T09-00-00-000Z-receipt-e-2.eml.tmp',
      '2026-11-23T09-00-00-000Z-welcome-e-1.eml',
      '2026-11-23T10-00-00-000Z-receipt-e-2.eml',
    ]);
  });
});
