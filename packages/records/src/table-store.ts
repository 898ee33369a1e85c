import type { ItemKey } from './keys';

/** A stored item: its key plus attributes (JSON values: strings, numbers, booleans, null, lists, maps). */
export type Item = ItemKey & Record<string, unknown>;

/** A condition on the item currently stored under a key, checked atomically with the write. */
export type Condition =
  | { readonly kind: 'notExists' }
  | { readonly kind: 'exists' }
  /** Each named attribute equals the given value (`undefined` means the attribute is absent). */
  | { readonly kind: 'attributesEqual'; readonly attributes: Readonly<Record<string, unknown>> };

/** One write in a transaction. */
export type TableWrite =
  | { readonly kind: 'put'; readonly item: Item; readonly condition?: Condition }
  /** Adds `by` to each numeric attribute (missing counts as 0), creating the item if needed; sets `set`. */
  | {
      readonly kind: 'increment';
      readonly key: ItemKey;
      readonly add: Readonly<Record<string, number>>;
      readonly set?: Readonly<Record<string, unknown>>;
    }
  /** Merges attributes into an existing or new item; `remove` drops attributes. */
  | {
      readonly kind: 'update';
      readonly key: ItemKey;
      readonly set: Readonly<Record<string, unknown>>;
      readonly remove?: readonly string[];
      readonly condition?: Condition;
    }
  | { readonly kind: 'delete'; readonly key: ItemKey; readonly condition?: Condition };

/**
 * The small slice of DynamoDB the services use. The AWS implementation is DynamoDB (`@sfe/records/aws`); the
 * local runtime's store and the in-memory one implement the same contract, conditions and atomicity included.
 */
export interface TableStore {
  get(key: ItemKey): Promise<Item | undefined>;
  /** Items of one partition, optionally only sort keys starting with `skPrefix`, in sort-key order. */
  query(pk: string, skPrefix?: string): Promise<Item[]>;
  /** Applies every write or none; a failed condition throws `ConditionFailedError`. */
  transact(writes: readonly TableWrite[]): Promise<void>;
}

export class RecordsError extends Error {
  override name = 'RecordsError';
}

/** A conditional write found the item not as required (DynamoDB's ConditionalCheckFailed). */
export class ConditionFailedError extends RecordsError {
  override name = 'ConditionFailedError';
}

/** Convenience: one conditional put. */
export function putItem(store: TableStore, item: Item, condition?: Condition): Promise<void> {
  return store.transact([condition ? { kind: 'put', item, condition } : { kind: 'put', item }]);
}

/** Convenience: one update. */
export function updateItem(
  store: TableStore,
  key: ItemKey,
  set: Record<string, unknown>,
  condition?: Condition,
): Promise<void> {
  return store.transact([condition ? { kind: 'update', key, set, condition } : { kind: 'update', key, set }]);
}

/** True when `current` satisfies `condition`: shared by every implementation so they agree exactly. */
export function conditionHolds(condition: Condition | undefined, current: Item | undefined): boolean {
  if (!condition) return true;
  switch (condition.kind) {
    case 'notExists':
      return current === undefined;
    case 'exists':
      return current !== undefined;
    case 'attributesEqual':
      return Object.entries(condition.attributes).every(([name, expected]) =>
        isDeepStrictEqual(current?.[name], expected),
      );
  }
}

/** Applies one write to an item (pure): returns the new item, or undefined when it is deleted. */
export function applyWrite(write: TableWrite, current: Item | undefined): Item | undefined {
  switch (write.kind) {
    case 'put':
      return structuredClone(write.item);
    case 'delete':
      return undefined;
    case 'update': {
      const next: Item = { ...(current ?? write.key), ...structuredClone(write.set) };
      for (const name of write.remove ?? []) delete next[name];
      return next;
    }
    case 'increment': {
      const next: Item = { ...(current ?? write.key), ...structuredClone(write.set ?? {}) };
      for (const [name, by] of Object.entries(write.add)) {
        const value = next[name];
        next[name] = (typeof value === 'number' ? value : 0) + by;
      }
      return next;
    }
  }
}

export function keyOfWrite(write: TableWrite): ItemKey {
  return write.kind === 'put' ? { pk: write.item.pk, sk: write.item.sk } : write.key;
}

export function conditionOfWrite(write: TableWrite): Condition | undefined {
  return write.kind === 'increment' ? undefined : write.condition;
}

function isDeepStrictEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
