import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireStoreLock, findStoreHolder, releaseStoreLock, StoreLockedError } from './store-lock';

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'sfe-lock-'));
});
afterEach(() => rm(directory, { recursive: true, force: true }));

describe('store lock', () => {
  it('refuses a store held by another live process and names its URL', async () => {
    const holder = { pid: process.ppid, url: 'http://127.0.0.1:4010', startedAt: '2026-11-23T10:00:00.000Z' };
    await writeFile(join(directory, 'store.lock'), JSON.stringify(holder));
    await expect(acquireStoreLock(directory, { startedAt: 'now' })).rejects.toThrow(StoreLockedError);
    await expect(acquireStoreLock(directory, { startedAt: 'now' })).rejects.toThrow(
      `is open in process ${process.ppid} (the runtime, answering at http://127.0.0.1:4010)`,
    );
    expect(await findStoreHolder(directory)).toStrictEqual(holder);
  });

  it('takes over a lock left by a dead process and releases only its own', async () => {
    await writeFile(join(directory, 'store.lock'), JSON.stringify({ pid: 2 ** 22 + 1, startedAt: 'then' }));
    expect(await findStoreHolder(directory)).toBeUndefined();
    await acquireStoreLock(directory, { startedAt: 'now' });
    expect(JSON.parse(await readFile(join(directory, 'store.lock'), 'utf8'))).toStrictEqual({
      startedAt: 'now',
      pid: process.pid,
    });
    await releaseStoreLock(directory);
    expect(await findStoreHolder(directory)).toBeUndefined();
  });
});
