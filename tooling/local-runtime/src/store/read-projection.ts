import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Item } from '@sfe/records';
import type { DeadLetterQueueListing } from '../queues/queue-store';

/*
 * The read projection: what the CLI's read commands (`report`, `dlq list`) read, kept in a JSON file beside the
 * store, so that while no runtime runs they answer without booting PostgreSQL (PGlite's WebAssembly and its boot
 * are most of a second of CPU; reading this file is a millisecond).
 *
 * It can never show stale data:
 * - it is written only when the store is closed cleanly (the runtime's stop, a CLI command's close), from the
 *   store as it closes, while this process still holds the store's lock;
 * - it is removed when the store is opened, before PostgreSQL starts (a process killed while it held the store
 *   leaves none, so the next read goes to the store);
 * - and it names the store state it was taken from: the bytes of PostgreSQL's control file (`global/pg_control`),
 *   which PostgreSQL rewrites when it starts (the state "in production") and when it shuts down (a new checkpoint
 *   location). A projection whose control file differs from the store's is ignored, whatever opened the store
 *   (an older version of this code, PGlite directly) and however it ended.
 * A read that finds no current projection reads the store, and closing the store writes a new one.
 */

/** Bumped when the file's shape changes: a projection of another version is ignored (read from the store). */
const FORMAT = 2;
/** The projection's file in the data directory. */
export const READ_PROJECTION_FILE = 'read-projection.json';

export interface ReadProjection {
  readonly format: typeof FORMAT;
  /** The store's control file as it was closed (`storeState`). */
  readonly storeState: string;
  readonly writtenAt: string;
  /** Per table, per partition key: every item of the partition, in the store's order (sort key, bytewise). */
  readonly partitions: Readonly<Record<string, Readonly<Record<string, readonly Item[]>>>>;
  /** What `listDeadLetters` returned. */
  readonly deadLetters: readonly DeadLetterQueueListing[];
}

export type ReadProjectionContents = Omit<ReadProjection, 'format' | 'storeState' | 'writtenAt'>;

const projectionFile = (dataDirectory: string) => join(dataDirectory, READ_PROJECTION_FILE);

/**
 * The store's control file, exactly, as a short string (its length and the base64 of its bytes up to the last
 * non-zero one: PostgreSQL pads its ~300 bytes to 8 KB with zeros); undefined when there is no store. Compared
 * whole rather than hashed: the read command need not load node:crypto for it.
 */
async function storeState(dataDirectory: string): Promise<string | undefined> {
  let control: Buffer;
  try {
    control = await readFile(join(dataDirectory, 'db', 'global', 'pg_control'));
  } catch {
    return undefined;
  }
  let end = control.length;
  while (end > 0 && control[end - 1] === 0) end--;
  return `${control.length}:${control.subarray(0, end).toString('base64')}`;
}

/** Called as the store is opened (before PostgreSQL starts): from now on the projection may be stale. */
export async function removeReadProjection(dataDirectory: string): Promise<void> {
  await rm(projectionFile(dataDirectory), { force: true });
}

/**
 * Writes the projection of a store this process has just closed (and still holds the lock of), stamped with the
 * store's state. Written whole and renamed: a reader finds the old file, the new one or none, never half of one.
 */
export async function writeReadProjection(
  dataDirectory: string,
  contents: ReadProjectionContents,
  now: Date,
): Promise<void> {
  const state = await storeState(dataDirectory);
  if (!state) return;
  const projection: ReadProjection = {
    format: FORMAT,
    storeState: state,
    writtenAt: now.toISOString(),
    ...contents,
  };
  const written = `${projectionFile(dataDirectory)}.${process.pid}`;
  await writeFile(written, JSON.stringify(projection));
  await rename(written, projectionFile(dataDirectory));
}

/**
 * The projection, if there is one and it was taken from the store exactly as its files are now; undefined
 * otherwise (missing, unreadable, of another format, or the store was opened since).
 */
export async function readCurrentReadProjection(dataDirectory: string): Promise<ReadProjection | undefined> {
  let projection: ReadProjection;
  try {
    projection = JSON.parse(await readFile(projectionFile(dataDirectory), 'utf8')) as ReadProjection;
  } catch {
    return undefined;
  }
  if (projection.format !== FORMAT) return undefined;
  return projection.storeState === (await storeState(dataDirectory)) ? projection : undefined;
}

/**
 * A partition's items as `TableStore.query(pk, skPrefix)` returns them, if the projection holds the partition:
 * the prefix filter keeps the store's order.
 */
export function queryReadProjection(
  projection: ReadProjection,
  table: string,
  pk: string,
  skPrefix = '',
): Item[] | undefined {
  const items = projection.partitions[table]?.[pk];
  return items?.filter((item) => item.sk.startsWith(skPrefix));
}
