import type { Item, ItemKey } from '@sfe/records';
import type { SqlExecutor } from '../store/sql-database';

/** One row of the change log, as the stream reads it. */
export interface ChangeRow {
  readonly seq: bigint;
  readonly tableName: string;
  readonly key: ItemKey;
  readonly eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  readonly oldImage?: Item;
  readonly newImage?: Item;
  readonly createdAt: Date;
}

interface Row {
  seq: string;
  table_name: string;
  pk: string;
  sk: string;
  event_name: ChangeRow['eventName'];
  old_image: Item | null;
  new_image: Item | null;
  created_at: Date;
}

/** Reads up to `limit` changes of one table after `afterSeq`, in commit order. */
export async function readChanges(
  db: SqlExecutor,
  tableName: string,
  range: { readonly afterSeq: bigint; readonly throughSeq?: bigint; readonly limit: number },
): Promise<ChangeRow[]> {
  const result = await db.query<Row>(
    `select seq::text as seq, table_name, pk, sk, event_name, old_image, new_image, created_at from changes
     where table_name = $1 and seq > $2 and ($3::bigint is null or seq <= $3) order by changes.seq limit $4`,
    [tableName, range.afterSeq.toString(), range.throughSeq?.toString() ?? null, range.limit],
  );
  return result.rows.map((row) => ({
    seq: BigInt(row.seq),
    tableName: row.table_name,
    key: { pk: row.pk, sk: row.sk },
    eventName: row.event_name,
    ...(row.old_image ? { oldImage: row.old_image } : {}),
    ...(row.new_image ? { newImage: row.new_image } : {}),
    createdAt: row.created_at,
  }));
}

/** The last sequence number a consumer has finished with (0 when it has not started). */
export async function readCheckpoint(db: SqlExecutor, consumer: string): Promise<bigint> {
  const result = await db.query<{ seq: string }>(
    'select seq::text as seq from checkpoints where consumer = $1',
    [consumer],
  );
  return BigInt(result.rows[0]?.seq ?? '0');
}

/** Moves a consumer's checkpoint forward (never back: a late writer cannot rewind it). */
export async function writeCheckpoint(db: SqlExecutor, consumer: string, seq: bigint): Promise<void> {
  await db.query(
    `insert into checkpoints (consumer, seq) values ($1, $2)
     on conflict (consumer) do update set seq = greatest(checkpoints.seq, excluded.seq)`,
    [consumer, seq.toString()],
  );
}

/** A stable label for the store's stream (its ARN's last part), fixed when the store is created. */
export async function streamLabel(db: SqlExecutor, now: () => Date): Promise<string> {
  await db.query(`insert into meta (name, value) values ('stream-label', $1) on conflict (name) do nothing`, [
    now().toISOString().replace('Z', ''),
  ]);
  const result = await db.query<{ value: string }>(`select value from meta where name = 'stream-label'`);
  return result.rows[0]?.value ?? '';
}

/**
 * Deletes the changes of a table no consumer can read again: those before `keepFrom`. The caller passes the
 * lowest of every consumer's checkpoint and of every change an on-failure record still points at (a redrive
 * reads it again). The checkpointed change itself stays, so the log's last sequence number survives a trim.
 */
export async function trimChangeLog(db: SqlExecutor, tableName: string, keepFrom: bigint): Promise<number> {
  const result = await db.query('delete from changes where table_name = $1 and seq < $2', [
    tableName,
    keepFrom.toString(),
  ]);
  return result.affectedRows ?? 0;
}
