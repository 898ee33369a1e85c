import type { Item } from '@sfe/records';
import { LOCAL_REPORTING_TABLE, REPORT_PARTITIONS } from '@sfe/reporting-service/report';
import { listDeadLetters, QueueStore } from '../queues/queue-store';
import type { ReadProjectionContents } from './read-projection';
import type { SqlDatabase } from './sql-database';

// What goes into the read projection (`read-projection.ts`), apart from it so that a read command reading the
// projection loads none of this (the queues' code, node:crypto).

/** The table partitions the read commands read while no runtime runs: the reporting tables (`sfe report`). */
const PROJECTED_PARTITIONS: readonly { readonly table: string; readonly pk: string }[] = Object.values(
  REPORT_PARTITIONS,
).map((pk) => ({ table: LOCAL_REPORTING_TABLE, pk }));

/**
 * Reads what the projection holds from the open store, to be written by `writeReadProjection` once it is closed.
 * The store's tables are read through `query` (the same reads the commands make).
 */
export async function collectReadProjection(
  db: SqlDatabase,
  query: (table: string, pk: string) => Promise<Item[]>,
): Promise<ReadProjectionContents> {
  const partitions: Record<string, Record<string, Item[]>> = {};
  for (const { table, pk } of PROJECTED_PARTITIONS) {
    partitions[table] = { ...partitions[table], [pk]: await query(table, pk) };
  }
  return { partitions, deadLetters: await listDeadLetters(new QueueStore(db)) };
}
