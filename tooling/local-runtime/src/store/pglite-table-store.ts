import { isDeepStrictEqual } from 'node:util';
import type { PGlite, Transaction } from '@electric-sql/pglite';
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
  readonly db: PGlite;
  readonly tableName: string;
  /** Whether changes go to the change log (the platform table's stream). */
  readonly streamed: boolean;
  readonly now: () => Date;
  /** Called after each commit with the changes it made (empty for tables without a stream). */
  readonly onCommit?: (changes: readonly CommittedChange[]) => void;
}

/**
 * A durable TableStore in PGlite with the same semantics as the in-memory one: the shared `conditionHolds`
 * and `applyWrite` decide every write, so conditions agree exactly. A streamed table appends each change to
 * the change log inside the same transaction as the change.
 */
export class PgliteTableStore implements TableStore {
  constructor(private readonly options: PgliteTableStoreOptions) {}

  get tableName(): string {
    return this.options.tableName;
  }

  async get(key: ItemKey): Promise<Item | undefined> {
    const result = await this.options.db.query<{ item: Item }>(
      'select item from items where table_name = $1 and pk = $2 and sk = $3',
      [this.options.tableName, key.pk, key.sk],
    );
    return result.rows[0]?.item;
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
    const changes = await this.options.db.transaction(async (tx) => {
      // validateWrites guarantees one write per item, so each write sees the stored item.
      const staged: { key: ItemKey; old: Item | undefined; next: Item | undefined }[] = [];
      for (const write of writes) {
        const key = keyOfWrite(write);
        const old = await this.read(tx, key);
        if (!conditionHolds(conditionOfWrite(write), old)) {
          throw new ConditionFailedError(`condition failed for ${formatKey(key)} in table ${this.tableName}`);
        }
        staged.push({ key: { pk: key.pk, sk: key.sk }, old, next: applyWrite(write, old) });
      }
      const committed: CommittedChange[] = [];
      for (const { key, old, next } of staged) {
        // Like DynamoDB Streams: a write that changes nothing leaves no stream record.
        if ((!old && !next) || isDeepStrictEqual(old, next)) continue;
        if (next) {
          await tx
            .query(
              `insert into items (table_name, pk, sk, item) values ($1, $2, $3, $4)
               on conflict (table_name, pk, sk) do update set item = excluded.item`,
              [this.tableName, key.pk, key.sk, JSON.stringify(next)],
            )
            .catch((error: unknown) => {
              throw unstorable(error, `${formatKey(key)} in table ${this.tableName}`);
            });
        } else {
          await tx.query('delete from items where table_name = $1 and pk = $2 and sk = $3', [
            this.tableName,
            key.pk,
            key.sk,
          ]);
        }
        if (!this.options.streamed) continue;
        const eventName = !old ? 'INSERT' : !next ? 'REMOVE' : 'MODIFY';
        const inserted = await tx.query<{ seq: string }>(
          `insert into changes (table_name, pk, sk, event_name, old_image, new_image, created_at)
           values ($1, $2, $3, $4, $5, $6, $7) returning seq::text as seq`,
          [
            this.tableName,
            key.pk,
            key.sk,
            eventName,
            old ? JSON.stringify(old) : null,
            next ? JSON.stringify(next) : null,
            createdAt.toISOString(),
          ],
        );
        committed.push({
          seq: BigInt(inserted.rows[0]?.seq ?? '0'),
          tableName: this.tableName,
          eventName,
          key,
          ...(old ? { oldImage: old } : {}),
          ...(next ? { newImage: next } : {}),
          createdAt,
        });
      }
      return committed;
    });
    this.options.onCommit?.(changes);
  }

  private async read(tx: Transaction, key: ItemKey): Promise<Item | undefined> {
    const result = await tx.query<{ item: Item }>(
      'select item from items where table_name = $1 and pk = $2 and sk = $3',
      [this.tableName, key.pk, key.sk],
    );
    return result.rows[0]?.item;
  }
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
