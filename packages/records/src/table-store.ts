import { isDeepStrictEqual } from 'node:util';
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
  /** Merges attributes into an existing or new item; `remove` (or a `set` value of `undefined`) drops attributes. */
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
  /**
   * Applies every write or none; a failed condition throws `ConditionFailedError`. As in DynamoDB, a
   * transaction touches each item at most once and holds at most 100 writes (`InvalidWriteError` otherwise).
   */
  transact(writes: readonly TableWrite[]): Promise<void>;
}

/** DynamoDB's limit on the writes of one TransactWriteItems call. */
export const MAX_TRANSACTION_WRITES = 100;

export class RecordsError extends Error {
  override name = 'RecordsError';
}

/** A conditional write found the item not as required (DynamoDB's ConditionalCheckFailed). */
export class ConditionFailedError extends RecordsError {
  override name = 'ConditionFailedError';
}

/** A write DynamoDB would refuse (changing a key attribute, touching an item twice, ...): a bug, not a race. */
export class InvalidWriteError extends RecordsError {
  override name = 'InvalidWriteError';
}

/** `pk=USER#u-1 sk=PROFILE`: how errors name an item. */
export function formatKey(key: ItemKey): string {
  return `pk=${key.pk} sk=${key.sk}`;
}

/**
 * Rejects transactions DynamoDB would reject, with a clear message, before anything is written. Every
 * implementation calls it so that code which works against the in-memory store also works on DynamoDB.
 */
export function validateWrites(writes: readonly TableWrite[]): void {
  if (writes.length > MAX_TRANSACTION_WRITES) {
    throw new InvalidWriteError(
      `a transaction holds at most ${MAX_TRANSACTION_WRITES} writes, got ${writes.length}`,
    );
  }
  const seen = new Set<string>();
  for (const write of writes) {
    const key = keyOfWrite(write);
    if (typeof key.pk !== 'string' || key.pk === '' || typeof key.sk !== 'string' || key.sk === '') {
      throw new InvalidWriteError(
        `${write.kind} needs a non-empty string pk and sk, got ${JSON.stringify(key)}`,
      );
    }
    const id = formatKey(key);
    if (seen.has(id)) throw new InvalidWriteError(`a transaction may touch ${id} only once`);
    seen.add(id);
    const touched = attributesTouched(write);
    for (const name of touched) {
      if (name === 'pk' || name === 'sk')
        throw new InvalidWriteError(`${write.kind} of ${id} may not change ${name}`);
    }
    if (new Set(touched).size !== touched.length) {
      throw new InvalidWriteError(`${write.kind} of ${id} names an attribute twice: ${touched.join(', ')}`);
    }
    if (write.kind === 'update' && touched.length === 0) {
      throw new InvalidWriteError(`update of ${id} sets and removes nothing`);
    }
    if (write.kind === 'increment' && Object.keys(write.add).length === 0) {
      throw new InvalidWriteError(`increment of ${id} adds nothing`);
    }
  }
}

function attributesTouched(write: TableWrite): string[] {
  switch (write.kind) {
    case 'put':
    case 'delete':
      return [];
    case 'update':
      return [...Object.keys(write.set), ...(write.remove ?? [])];
    case 'increment':
      return [...Object.keys(write.add), ...Object.keys(write.set ?? {})];
  }
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

/**
 * Applies one write to an item (pure): returns the new item, or undefined when it is deleted. Like DynamoDB's
 * document client with `removeUndefinedValues`, `undefined` values are not stored (in `set`, they remove).
 * Adding to an attribute that holds something other than a number fails, as it does in DynamoDB.
 */
export function applyWrite(write: TableWrite, current: Item | undefined): Item | undefined {
  switch (write.kind) {
    case 'put':
      return storedCopy(write.item);
    case 'delete':
      return undefined;
    case 'update': {
      const next: Item = {
        ...(current ?? keyOf(write.key)),
        ...storedCopy(write.set),
      };
      for (const [name, value] of Object.entries(write.set)) if (value === undefined) delete next[name];
      for (const name of write.remove ?? []) delete next[name];
      return next;
    }
    case 'increment': {
      const next: Item = {
        ...(current ?? keyOf(write.key)),
        ...storedCopy(write.set ?? {}),
      };
      for (const [name, value] of Object.entries(write.set ?? {})) if (value === undefined) delete next[name];
      for (const [name, by] of Object.entries(write.add)) {
        const value = next[name];
        if (value !== undefined && typeof value !== 'number') {
          throw new InvalidWriteError(
            `cannot add to ${name} of ${formatKey(write.key)}: it holds ${JSON.stringify(value)}`,
          );
        }
        next[name] = (value ?? 0) + by;
      }
      return next;
    }
  }
}

/** A copy of a JSON-like value without `undefined` object properties or list elements (DynamoDB stores none). */
export function withoutUndefined<T>(value: T): T {
  if (Array.isArray(value)) {
    return value.filter((element) => element !== undefined).map((element) => withoutUndefined(element)) as T;
  }
  if (isPlainObject(value)) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, withoutUndefined(v)]),
    ) as T;
  }
  return value;
}

/**
 * What is stored of a written value: `withoutUndefined(structuredClone(value))` in one pass. Plain objects and
 * lists (all an item holds in practice) are copied here; anything else goes through `structuredClone` as before
 * (a Date is copied, a function refused). Hand-written because cloning every write twice was a measurable part
 * of the local runtime's writes (BENCHMARKS.md, "Local runtime", session 9).
 */
function storedCopy<T>(value: T): T {
  if (Array.isArray(value)) {
    return value.filter((element) => element !== undefined).map((element) => storedCopy(element)) as T;
  }
  if (isPlainObject(value)) {
    const copy: Record<string, unknown> = {};
    for (const [name, inner] of Object.entries(value))
      if (inner !== undefined) copy[name] = storedCopy(inner);
    return copy as T;
  }
  if (
    (typeof value === 'object' && value !== null) ||
    typeof value === 'function' ||
    typeof value === 'symbol'
  ) {
    return withoutUndefined(structuredClone(value));
  }
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function keyOf(key: ItemKey): ItemKey {
  return { pk: key.pk, sk: key.sk };
}

export function keyOfWrite(write: TableWrite): ItemKey {
  return write.kind === 'put' ? { pk: write.item.pk, sk: write.item.sk } : write.key;
}

export function conditionOfWrite(write: TableWrite): Condition | undefined {
  return write.kind === 'increment' ? undefined : write.condition;
}
