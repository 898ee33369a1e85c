import { isDeepStrictEqual } from 'node:util';
import type { ItemKey } from './keys';
import {
  applyWrite,
  ConditionFailedError,
  conditionHolds,
  conditionOfWrite,
  formatKey,
  type Item,
  keyOfWrite,
  type TableStore,
  type TableWrite,
  validateWrites,
} from './table-store';

/** A change to one item, as DynamoDB Streams reports it (NEW_AND_OLD_IMAGES). */
export interface ItemChange {
  readonly eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  readonly key: ItemKey;
  readonly oldImage?: Item;
  readonly newImage?: Item;
}

/**
 * An in-memory TableStore for tests: same conditions, atomicity and refusals as DynamoDB; records every change
 * in `changes` as the table's stream would (one per item changed; none for a failed transaction or a write
 * that changes nothing).
 */
export class MemoryTableStore implements TableStore {
  private readonly items = new Map<string, Item>();
  readonly changes: ItemChange[] = [];

  async get(key: ItemKey): Promise<Item | undefined> {
    const item = this.items.get(formatKey(key));
    return item && structuredClone(item);
  }

  async query(pk: string, skPrefix = ''): Promise<Item[]> {
    return [...this.items.values()]
      .filter((item) => item.pk === pk && item.sk.startsWith(skPrefix))
      .sort((a, b) => compareUtf8(a.sk, b.sk))
      .map((item) => structuredClone(item));
  }

  async transact(writes: readonly TableWrite[]): Promise<void> {
    validateWrites(writes);
    // Stage every write first: a failed condition (or an invalid increment) leaves the table untouched.
    const staged = new Map<string, { key: ItemKey; next: Item | undefined }>();
    for (const write of writes) {
      const key = keyOfWrite(write);
      const current = this.items.get(formatKey(key));
      if (!conditionHolds(conditionOfWrite(write), current)) {
        throw new ConditionFailedError(`condition failed for ${formatKey(key)}`);
      }
      staged.set(formatKey(key), { key: { pk: key.pk, sk: key.sk }, next: applyWrite(write, current) });
    }
    for (const [id, { key, next }] of staged) {
      const old = this.items.get(id);
      if (next) this.items.set(id, next);
      else this.items.delete(id);
      // DynamoDB Streams writes no record for a write that changes nothing.
      if ((!old && !next) || isDeepStrictEqual(old, next)) continue;
      this.changes.push({
        eventName: !old ? 'INSERT' : !next ? 'REMOVE' : 'MODIFY',
        key,
        ...(old ? { oldImage: structuredClone(old) } : {}),
        ...(next ? { newImage: structuredClone(next) } : {}),
      });
    }
  }
}

/** DynamoDB orders sort keys by their UTF-8 bytes, which differs from JS string order beyond the BMP. */
function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
