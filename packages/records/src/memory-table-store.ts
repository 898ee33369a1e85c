import type { ItemKey } from './keys';
import {
  applyWrite,
  ConditionFailedError,
  conditionHolds,
  conditionOfWrite,
  type Item,
  keyOfWrite,
  type TableStore,
  type TableWrite,
} from './table-store';

/** A change to one item, as DynamoDB Streams reports it (NEW_AND_OLD_IMAGES). */
export interface ItemChange {
  readonly eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  readonly key: ItemKey;
  readonly oldImage?: Item;
  readonly newImage?: Item;
}

/** An in-memory TableStore for tests: same conditions and atomicity as the real ones; records its changes. */
export class MemoryTableStore implements TableStore {
  private readonly items = new Map<string, Item>();
  readonly changes: ItemChange[] = [];

  async get(key: ItemKey): Promise<Item | undefined> {
    const item = this.items.get(storageKey(key));
    return item && structuredClone(item);
  }

  async query(pk: string, skPrefix = ''): Promise<Item[]> {
    return [...this.items.values()]
      .filter((item) => item.pk === pk && item.sk.startsWith(skPrefix))
      .sort((a, b) => (a.sk < b.sk ? -1 : a.sk > b.sk ? 1 : 0))
      .map((item) => structuredClone(item));
  }

  async transact(writes: readonly TableWrite[]): Promise<void> {
    const staged = new Map<string, Item | undefined>();
    const read = (key: string) => (staged.has(key) ? staged.get(key) : this.items.get(key));
    for (const write of writes) {
      const key = storageKey(keyOfWrite(write));
      const current = read(key);
      if (!conditionHolds(conditionOfWrite(write), current)) {
        throw new ConditionFailedError(`condition failed for ${key}`);
      }
      staged.set(key, applyWrite(write, current));
    }
    for (const [key, next] of staged) {
      const old = this.items.get(key);
      if (next) this.items.set(key, next);
      else this.items.delete(key);
      if (!old && !next) continue;
      const itemKey = { pk: (next ?? old)?.pk as string, sk: (next ?? old)?.sk as string };
      this.changes.push({
        eventName: !old ? 'INSERT' : !next ? 'REMOVE' : 'MODIFY',
        key: itemKey,
        ...(old ? { oldImage: structuredClone(old) } : {}),
        ...(next ? { newImage: structuredClone(next) } : {}),
      });
    }
  }
}

function storageKey(key: ItemKey): string {
  return `${key.pk}\u0000${key.sk}`;
}
