import type { DynamoDBRecord } from 'aws-lambda';

/**
 * For each record, the record just before it in the batch that changed the same item (same primary key), if
 * any. A batch comes from one shard in sequence-number order, so this is the item's own order of changes.
 */
export function findPrecedingChanges(
  records: readonly DynamoDBRecord[],
): Map<DynamoDBRecord, DynamoDBRecord> {
  const lastByItem = new Map<string, DynamoDBRecord>();
  const preceding = new Map<DynamoDBRecord, DynamoDBRecord>();
  for (const record of records) {
    const key = itemKeyOf(record);
    if (key === undefined) continue;
    const previous = lastByItem.get(key);
    if (previous) preceding.set(record, previous);
    lastByItem.set(key, record);
  }
  return preceding;
}

/** A stable string for the record's primary key (attribute order in `Keys` does not matter). */
export function itemKeyOf(record: DynamoDBRecord): string | undefined {
  const keys = record.dynamodb?.Keys;
  if (!keys) return undefined;
  return Object.keys(keys)
    .sort()
    .map((name) => `${name}=${JSON.stringify(keys[name])}`)
    .join('|');
}
