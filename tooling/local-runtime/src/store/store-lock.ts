// Synchronous: the lock is a few bytes, read or written once per start, stop or command, and a read command asking a
// running runtime then never loads node:fs/promises (with its thread pool, ~8 ms of its start, BENCHMARKS.md session 9).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LocalStoreError } from './errors';

/** What the lock file says: who holds the store, and where its HTTP API answers (when it is the runtime). */
export interface StoreLockInfo {
  readonly pid: number;
  readonly url?: string;
  readonly startedAt: string;
}

const LOCK_FILE = 'store.lock';

/**
 * PGlite is one process's database: two processes opening the same directory would corrupt it. The lock file
 * names the holder; a lock left by a dead process (SIGKILL) is taken over.
 */
export async function acquireStoreLock(
  dataDirectory: string,
  info: Omit<StoreLockInfo, 'pid'>,
): Promise<void> {
  mkdirSync(dataDirectory, { recursive: true });
  const holder = readStoreLock(dataDirectory);
  if (holder && holder.pid !== process.pid && isAlive(holder.pid)) {
    throw new StoreLockedError(dataDirectory, holder);
  }
  await writeStoreLock(dataDirectory, { ...info, pid: process.pid });
}

export async function writeStoreLock(dataDirectory: string, info: StoreLockInfo): Promise<void> {
  writeFileSync(join(dataDirectory, LOCK_FILE), `${JSON.stringify(info)}\n`);
}

export async function releaseStoreLock(dataDirectory: string): Promise<void> {
  const holder = readStoreLock(dataDirectory);
  if (holder?.pid === process.pid) rmSync(join(dataDirectory, LOCK_FILE), { force: true });
}

/** The live holder of the store, if any (a stale lock of a dead process counts as none). */
export async function findStoreHolder(dataDirectory: string): Promise<StoreLockInfo | undefined> {
  const holder = readStoreLock(dataDirectory);
  return holder && isAlive(holder.pid) ? holder : undefined;
}

function readStoreLock(dataDirectory: string): StoreLockInfo | undefined {
  try {
    return JSON.parse(readFileSync(join(dataDirectory, LOCK_FILE), 'utf8')) as StoreLockInfo;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Another live process holds the store. */
export class StoreLockedError extends LocalStoreError {
  override name = 'StoreLockedError';
  constructor(
    dataDirectory: string,
    readonly holder: StoreLockInfo,
  ) {
    super(
      `the local store in ${dataDirectory} is open in process ${holder.pid}` +
        (holder.url ? ` (the runtime, answering at ${holder.url})` : '') +
        ': PGlite allows one process at a time',
    );
  }
}
