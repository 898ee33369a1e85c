import { isDeepStrictEqual } from 'node:util';
import {
  applyWrite,
  ConditionFailedError,
  conditionHolds,
  conditionOfWrite,
  formatKey,
  type Item,
  type ItemKey,
  keyOfWrite,
  type TableStore,
  type TableWrite,
  validateWrites,
} from '@sfe/records';
import { LocalStoreError } from './errors';
import type { SqlDatabase, SqlExecutor, SqlStatement } from './sql-database';

/** One committed change to one item, with its position in the change log. */
export interface CommittedChange {
  readonly seq: bigint;
  readonly tableName: string;
  readonly eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  readonly key: ItemKey;
  readonly oldImage?: Item;
  readonly newImage?: Item;
  readonly createdAt: Date;
}

export interface PgliteTableStoreOptions {
  readonly db: SqlDatabase;
  readonly tableName: string;
  /** Whether changes go to the change log (the platform table's stream). */
  readonly streamed: boolean;
  readonly now: () => Date;
  /**
   * Called after each commit with the changes it made (empty for tables without a stream), before the next
   * write starts: in commit order, so a listener may follow the change log in memory. Listeners must not wait.
   */
  readonly onCommit?: (changes: readonly CommittedChange[]) => void;
}

/**
 * A durable TableStore in PGlite with the same semantics as the in-memory one: the shared `conditionHolds`
 * and `applyWrite` decide every write, so conditions agree exactly. A streamed table appends each change to
 * the change log inside the same transaction as the change.
 */
export class PgliteTableStore implements TableStore {
  /**
   * Items as last read or committed, as JSON text (null: known absent), most recently used last. Every write to
   * the table goes through this store in this process (PGlite admits one), so a cached item is the stored one; it
   * is updated only after its write committed, and forgotten whenever `items` is written some other way. It saves
   * the read before each write (Powertools idempotency reads, puts, then updates one record per event) and the read
   * of an item a moment just wrote.
   */
  private readonly cache = new Map<string, string | null>();
  /**
   * Every key the table holds, read once on first use and kept as writes commit (undefined: not read yet, or
   * forgotten when `items` was written some other way; null: more than {@link INDEXED_KEYS}, not kept). A key
   * not in it is absent, so reading an item that is not there (a new event's idempotency or delivery record, a
   * new address's suppression) and creating one need no round trip first.
   */
  private keys: Set<string> | null | undefined;

  constructor(private readonly options: PgliteTableStoreOptions) {
    options.db.onItemsWrittenElsewhere(() => {
      this.cache.clear();
      this.keys = undefined;
    });
  }

  get tableName(): string {
    return this.options.tableName;
  }

  async get(key: ItemKey): Promise<Item | undefined> {
    const cached = this.known(cacheKey(key));
    if (cached !== undefined) return cached === null ? undefined : (JSON.parse(cached) as Item);
    // Read and remembered while holding the connection, so no write lands in between.
    return this.options.db.exclusive(async (sql) => {
      const known = (await this.keysOf(sql)) === undefined ? undefined : this.known(cacheKey(key));
      if (known !== undefined) return known === null ? undefined : (JSON.parse(known) as Item);
      const result = await sql.query<{ item: Item }>(SELECT_ITEM, [this.tableName, key.pk, key.sk]);
      const item = result.rows[0]?.item;
      this.remember(key, item === undefined ? null : JSON.stringify(item));
      return item;
    });
  }

  async query(pk: string, skPrefix = ''): Promise<Item[]> {
    const result = await this.options.db.query<{ item: Item }>(
      `select item from items where table_name = $1 and pk = $2 and starts_with(sk, $3)
       order by sk collate "C"`,
      [this.options.tableName, pk, skPrefix],
    );
    return result.rows.map((row) => row.item);
  }

  async transact(writes: readonly TableWrite[]): Promise<void> {
    validateWrites(writes);
    const createdAt = this.options.now();
    const keys = writes.map((write) => keyOfWrite(write));
    await this.options.db.exclusive(async (sql) => {
      const changes = await this.decideAndWrite(sql, writes, keys, createdAt);
      // Still holding the connection: listeners hear of commits in their order.
      this.options.onCommit?.(changes);
    });
  }

  private async decideAndWrite(
    sql: SqlExecutor,
    writes: readonly TableWrite[],
    keys: readonly ItemKey[],
    createdAt: Date,
  ): Promise<CommittedChange[]> {
    // Holding the connection, nothing changes the items between the reads and the writes below.
    await this.keysOf(sql);
    const known = keys.map((key) => this.known(cacheKey(key)));
    if (
      known.every((cached, index) => cached !== undefined || mayAssumeAbsent(writes[index] as TableWrite))
    ) {
      // Every item is known, or its write would create it: write at once, inserting those not known on
      // condition that they are indeed absent (PostgreSQL refuses a second item under a key). One round trip
      // instead of two for a new item, e.g. each idempotency record and each moment's new item.
      const olds = known.map((cached) => (cached ? (JSON.parse(cached) as Item) : undefined));
      const absent = known.map((cached) => !cached);
      try {
        return await this.write(sql, writes, keys, olds, createdAt, absent);
      } catch (error) {
        if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
        // Some item was there after all (written before this process knew it): nothing was written; forget what
        // was believed of them and read them.
        for (const key of keys) this.cache.delete(cacheKey(key));
        this.keys = undefined;
      }
    }
    // One round trip reads every item not known (validateWrites guarantees one write per item).
    const olds = await this.readForWrite(sql, keys);
    return this.write(sql, writes, keys, olds, createdAt);
  }

  /**
   * Decides each write on the item it finds (`olds`), then writes the items and their change log rows in one
   * batch: one transaction, committed together or not at all. `insertOnly` marks the items to insert as new (the
   * batch fails with a unique violation, writing nothing, if one exists).
   */
  private async write(
    sql: SqlExecutor,
    writes: readonly TableWrite[],
    keys: readonly ItemKey[],
    olds: readonly (Item | undefined)[],
    createdAt: Date,
    insertOnly: readonly boolean[] = [],
  ): Promise<CommittedChange[]> {
    const staged: { key: ItemKey; old: Item | undefined; next: Item | undefined; insert: boolean }[] = [];
    writes.forEach((write, index) => {
      const key = keys[index] as ItemKey;
      const old = olds[index];
      if (!conditionHolds(conditionOfWrite(write), old)) {
        throw new ConditionFailedError(`condition failed for ${formatKey(key)} in table ${this.tableName}`);
      }
      const next = applyWrite(write, old);
      staged.push({ key: { pk: key.pk, sk: key.sk }, old, next, insert: insertOnly[index] === true });
    });
    // Like DynamoDB Streams: a write that changes nothing leaves no stream record.
    const changed = staged.filter(({ old, next }) => (old || next) && !isDeepStrictEqual(old, next));
    const statements: SqlStatement[] = [];
    const changeAt: number[] = [];
    const texts = changed.map(({ next }) => (next ? JSON.stringify(next) : null));
    changed.forEach(({ key, old, next, insert }, index) => {
      const text = texts[index];
      statements.push(
        text
          ? { text: insert ? INSERT_ITEM : UPSERT_ITEM, params: [this.tableName, key.pk, key.sk, text] }
          : { text: DELETE_ITEM, params: [this.tableName, key.pk, key.sk] },
      );
      if (!this.options.streamed) return;
      changeAt.push(statements.length);
      statements.push({
        text: INSERT_CHANGE,
        params: [
          this.tableName,
          key.pk,
          key.sk,
          eventName(old, next),
          old ? JSON.stringify(old) : null,
          text,
          createdAt.toISOString(),
        ],
      });
    });
    const results = await sql.batch(statements).catch((error: unknown) => {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) throw error;
      const index = (error as { statementIndex?: number }).statementIndex ?? 0;
      const key = changed[this.options.streamed ? Math.floor(index / 2) : index]?.key;
      throw unstorable(error, `${key ? formatKey(key) : 'an item'} in table ${this.tableName}`);
    });
    changed.forEach(({ key }, index) => {
      this.remember(key, texts[index] ?? null);
    });
    if (!this.options.streamed) return [];
    return changed.map(
      ({ key, old, next }, index): CommittedChange => ({
        seq: BigInt((results[changeAt[index] as number]?.rows[0]?.seq as string | undefined) ?? '0'),
        tableName: this.tableName,
        eventName: eventName(old, next),
        key,
        ...(old ? { oldImage: old } : {}),
        ...(next ? { newImage: next } : {}),
        createdAt,
      }),
    );
  }

  /** The stored items of `keys`, from the cache where known, the rest read in one round trip. */
  private async readForWrite(sql: SqlExecutor, keys: readonly ItemKey[]): Promise<(Item | undefined)[]> {
    const known = keys.map((key) => this.known(cacheKey(key)));
    const missing = keys.filter((_, index) => known[index] === undefined);
    const read = await sql.batch(
      missing.map((key) => ({ text: SELECT_ITEM, params: [this.tableName, key.pk, key.sk] })),
    );
    let next = 0;
    return keys.map((key, index) => {
      const cached = known[index];
      if (cached !== undefined) return cached === null ? undefined : (JSON.parse(cached) as Item);
      const item = read[next++]?.rows[0]?.item as Item | undefined;
      this.remember(key, item === undefined ? null : JSON.stringify(item));
      return item;
    });
  }

  /**
   * What this store knows of an item without asking: its JSON text, null when it is known absent (remembered so,
   * or not among the table's keys), undefined when only the store can tell.
   */
  private known(name: string): string | null | undefined {
    const cached = this.cache.get(name);
    if (cached !== undefined) return cached;
    return this.keys && !this.keys.has(name) ? null : undefined;
  }

  /** The table's keys, read on first use while holding the connection (undefined if there are too many to keep). */
  private async keysOf(sql: SqlExecutor): Promise<Set<string> | undefined> {
    if (this.keys === undefined) {
      const result = await sql.query<{ pk: string; sk: string }>(
        'select pk, sk from items where table_name = $1 limit $2',
        [this.tableName, INDEXED_KEYS + 1],
      );
      this.keys = result.rows.length > INDEXED_KEYS ? null : new Set(result.rows.map(cacheKey));
    }
    return this.keys ?? undefined;
  }

  private remember(key: ItemKey, item: string | null): void {
    const name = cacheKey(key);
    if (this.keys) {
      if (item === null) this.keys.delete(name);
      else if (this.keys.add(name).size > INDEXED_KEYS) this.keys = null;
    }
    this.cache.delete(name);
    this.cache.set(name, item);
    if (this.cache.size > CACHED_ITEMS) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
  }
}

/** Items kept per table store: enough for every record of a long run's recent events, a few MB. */
const CACHED_ITEMS = 20_000;

/** Keys a table store keeps at most (a few MB); a larger table is asked whenever an item is not cached. */
const INDEXED_KEYS = 100_000;

const cacheKey = (key: ItemKey) => `${key.pk}\u0000${key.sk}`;

const SELECT_ITEM = 'select item from items where table_name = $1 and pk = $2 and sk = $3';
/** PostgreSQL's SQLSTATE for a duplicate key: an item inserted as new was there. */
const UNIQUE_VIOLATION = '23505';

/**
 * Whether a write to an item this store does not know may be tried as creating it: its condition holds for an
 * absent item and it leaves an item (a delete of an unknown item must look first). If the item exists after all,
 * the insert fails and the write is decided again on the stored item.
 */
function mayAssumeAbsent(write: TableWrite): boolean {
  return write.kind !== 'delete' && conditionHolds(conditionOfWrite(write), undefined);
}

const INSERT_ITEM = 'insert into items (table_name, pk, sk, item) values ($1, $2, $3, $4)';
const UPSERT_ITEM = `insert into items (table_name, pk, sk, item) values ($1, $2, $3, $4)
  on conflict (table_name, pk, sk) do update set item = excluded.item`;
const DELETE_ITEM = 'delete from items where table_name = $1 and pk = $2 and sk = $3';
const INSERT_CHANGE = `insert into changes (table_name, pk, sk, event_name, old_image, new_image, created_at)
  values ($1, $2, $3, $4, $5, $6, $7) returning seq::text as seq`;

function eventName(old: Item | undefined, next: Item | undefined): CommittedChange['eventName'] {
  return !old ? 'INSERT' : !next ? 'REMOVE' : 'MODIFY';
}

/**
 * PostgreSQL refuses, in jsonb, text it cannot hold (a NUL, a lone surrogate: SQLSTATE 22P05 and 22P02): that
 * write fails alone, saying so, and nothing stored before is affected.
 */
function unstorable(error: unknown, what: string): unknown {
  const code = (error as { code?: string }).code;
  if (code !== '22P05' && code !== '22P02') return error;
  return new LocalStoreError(
    `cannot store ${what}: it holds text the store refuses (NUL or an unpaired surrogate): ${(error as Error).message}`,
  );
}
