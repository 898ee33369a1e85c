import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { collectReadProjection } from './collect-read-projection';
import { DEFAULT_DATA_DIRECTORY } from './defaults';
import { type CommittedChange, PgliteTableStore } from './pglite-table-store';
import { type ReadProjectionContents, removeReadProjection, writeReadProjection } from './read-projection';
import { migrate } from './schema';
import { SqlDatabase } from './sql-database';
import { acquireStoreLock, releaseStoreLock, type StoreLockInfo, writeStoreLock } from './store-lock';

/** The platform table's local name: the only table whose changes feed the stream. */
export const PLATFORM_TABLE = 'platform';

export interface OpenLocalStoreOptions {
  /** State directory (`.sfe` by default); the database lives in `<dataDirectory>/db`. */
  readonly dataDirectory?: string;
  /** A throwaway in-memory database (tests); nothing is written to `dataDirectory`. */
  readonly inMemory?: boolean;
  readonly now?: () => Date;
  /**
   * Opened for a few reads (a CLI command while the runtime is stopped): PostgreSQL starts with a small buffer
   * pool, since setting up its default 128 MB took most of a second of every open.
   */
  readonly brief?: boolean;
}

/** The durable local store: every table, the change log, checkpoints, the archive and the queues. */
export interface LocalStore {
  /** The store's one connection (prepared statements, batches in one round trip). */
  readonly db: SqlDatabase;
  /** Absolute state directory. */
  readonly dataDirectory: string;
  /** The platform table: its changes go to the change log in the same transaction. */
  readonly platformTable: PgliteTableStore;
  /** Any table by name (`reporting`, `idempotency`, ...); only the platform table is streamed. */
  table(name: string): PgliteTableStore;
  /** Listens to every commit to a streamed table; returns the unsubscribe function. */
  onCommit(listener: (changes: readonly CommittedChange[]) => void): () => void;
  /** Publishes where this process answers, so CLI commands use the HTTP API instead of the files. */
  advertise(info: Omit<StoreLockInfo, 'pid'>): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens (creating on first use) the local store under `dataDirectory`. One process at a time: while the
 * runtime runs, it holds the store and others must use its HTTP API (a `StoreLockedError` names its URL).
 * @example const store = await openLocalStore({ dataDirectory: '.sfe' }); await store.table('reporting').query('...')
 */
export async function openLocalStore(options: OpenLocalStoreOptions = {}): Promise<LocalStore> {
  const dataDirectory = resolve(options.dataDirectory ?? DEFAULT_DATA_DIRECTORY);
  const now = options.now ?? (() => new Date());
  if (!options.inMemory) {
    await acquireStoreLock(dataDirectory, { startedAt: now().toISOString() });
    // The read commands' projection (`read-projection.ts`) may be stale from here on; closing writes a new one.
    await removeReadProjection(dataDirectory);
  }
  const pglite = new PGlite(options.inMemory ? undefined : join(dataDirectory, 'db'), {
    startParams: [...PGlite.defaultStartParams, ...(options.brief ? ['-c', 'shared_buffers=1MB'] : [])],
  });
  const db = new SqlDatabase(pglite);
  try {
    await pglite.waitReady;
    await migrate(pglite);
  } catch (error) {
    if (!options.inMemory) await releaseStoreLock(dataDirectory);
    throw error;
  }
  const listeners = new Set<(changes: readonly CommittedChange[]) => void>();
  const tables = new Map<string, PgliteTableStore>();
  const table = (name: string) => {
    let store = tables.get(name);
    if (!store) {
      store = new PgliteTableStore({
        db,
        tableName: name,
        streamed: name === PLATFORM_TABLE,
        now,
        onCommit: (changes) => {
          if (changes.length === 0) return;
          for (const listener of listeners) listener(changes);
        },
      });
      tables.set(name, store);
    }
    return store;
  };
  let closed = false;
  return {
    db,
    dataDirectory,
    platformTable: table(PLATFORM_TABLE),
    table,
    onCommit(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async advertise(info) {
      if (!options.inMemory) await writeStoreLock(dataDirectory, { ...info, pid: process.pid });
    },
    async close() {
      if (closed) return;
      closed = true;
      // The read projection is taken as the store closes and written before the lock is released (no one else
      // can have opened the store in between). A store that cannot be read leaves none: reads go to the store.
      let projection: ReadProjectionContents | undefined;
      if (!options.inMemory) {
        projection = await collectReadProjection(db, (name, pk) => table(name).query(pk)).catch(
          () => undefined,
        );
      }
      await db.close();
      if (projection) await writeReadProjection(dataDirectory, projection, now()).catch(() => undefined);
      if (!options.inMemory) await releaseStoreLock(dataDirectory);
    },
  };
}
