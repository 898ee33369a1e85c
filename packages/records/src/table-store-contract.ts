// The behaviour every TableStore must share, as a reusable vitest suite (`@sfe/records/testing`): the in-memory
// store runs it here, the local runtime's PGlite store can run it too, so "works in tests" means "works there".
import { expect, it } from 'vitest';
import type { ItemKey } from './keys';
import {
  ConditionFailedError,
  InvalidWriteError,
  type Item,
  type TableStore,
  type TableWrite,
} from './table-store';

const key: ItemKey = { pk: 'USER#u-1', sk: 'PROFILE' };
const profile: Item = { ...key, entityType: 'USER', name: 'Ada', status: 'active', visits: 1 };

/**
 * Declares the TableStore contract tests inside the caller's `describe`. `createStore` must return an empty
 * store each time.
 * @example describe('PgliteTableStore', () => tableStoreContract(async () => createEmptyPgliteStore()));
 */
export function tableStoreContract(createStore: () => TableStore | Promise<TableStore>): void {
  it('returns undefined for an item that is not there', async () => {
    const store = await createStore();
    expect(await store.get(key)).toBeUndefined();
  });

  it('stores a put and returns a copy that callers cannot change', async () => {
    const store = await createStore();
    await store.transact([{ kind: 'put', item: { ...profile, tags: ['a'], address: { city: 'London' } } }]);
    const read = await store.get(key);
    expect(read).toStrictEqual({ ...profile, tags: ['a'], address: { city: 'London' } });
    (read as unknown as { address: { city: string } }).address.city = 'Paris';
    expect((await store.get(key))?.address).toStrictEqual({ city: 'London' });
  });

  it('does not store undefined attributes', async () => {
    const store = await createStore();
    await store.transact([
      { kind: 'put', item: { ...profile, avatarUrl: undefined, nested: { a: 1, b: undefined } } },
    ]);
    expect(await store.get(key)).toStrictEqual({ ...profile, nested: { a: 1 } });
  });

  it('puts only when the item does not exist, with notExists', async () => {
    const store = await createStore();
    await store.transact([{ kind: 'put', item: profile, condition: { kind: 'notExists' } }]);
    await expect(
      store.transact([{ kind: 'put', item: { ...profile, name: 'Eve' }, condition: { kind: 'notExists' } }]),
    ).rejects.toBeInstanceOf(ConditionFailedError);
    expect(await store.get(key)).toStrictEqual(profile);
  });

  it('updates only an existing item, with exists', async () => {
    const store = await createStore();
    const write: TableWrite = { kind: 'update', key, set: { name: 'Ada L.' }, condition: { kind: 'exists' } };
    await expect(store.transact([write])).rejects.toBeInstanceOf(ConditionFailedError);
    expect(await store.get(key)).toBeUndefined();
    await store.transact([{ kind: 'put', item: profile }]);
    await store.transact([write]);
    expect(await store.get(key)).toStrictEqual({ ...profile, name: 'Ada L.' });
  });

  it('writes only when attributes equal the expected values (undefined meaning absent)', async () => {
    const store = await createStore();
    await store.transact([{ kind: 'put', item: { ...profile, address: { city: 'London', zip: 'N1' } } }]);
    const expectEqual = (attributes: Record<string, unknown>): TableWrite => ({
      kind: 'update',
      key,
      set: { visits: 2 },
      condition: { kind: 'attributesEqual', attributes },
    });
    await expect(store.transact([expectEqual({ status: 'deactivated' })])).rejects.toBeInstanceOf(
      ConditionFailedError,
    );
    await expect(store.transact([expectEqual({ avatarUrl: 'x' })])).rejects.toBeInstanceOf(
      ConditionFailedError,
    );
    await expect(store.transact([expectEqual({ name: undefined })])).rejects.toBeInstanceOf(
      ConditionFailedError,
    );
    expect((await store.get(key))?.visits).toBe(1);
    // Maps compare by content, whatever the order of their keys.
    await store.transact([
      expectEqual({ status: 'active', avatarUrl: undefined, address: { zip: 'N1', city: 'London' } }),
    ]);
    expect((await store.get(key))?.visits).toBe(2);
  });

  it('treats a missing item as having every attribute absent', async () => {
    const store = await createStore();
    await store.transact([
      {
        kind: 'put',
        item: profile,
        condition: { kind: 'attributesEqual', attributes: { status: undefined } },
      },
    ]);
    expect(await store.get(key)).toStrictEqual(profile);
  });

  it('merges an update into the item, creating it if needed, and removes attributes', async () => {
    const store = await createStore();
    await store.transact([{ kind: 'update', key, set: { name: 'Ada' } }]);
    expect(await store.get(key)).toStrictEqual({ ...key, name: 'Ada' });
    await store.transact([{ kind: 'put', item: { ...profile, avatarUrl: 'a.png', bio: 'x' } }]);
    await store.transact([
      { kind: 'update', key, set: { status: 'deactivated', bio: undefined }, remove: ['avatarUrl'] },
    ]);
    expect(await store.get(key)).toStrictEqual({ ...profile, status: 'deactivated' });
  });

  it('increments numbers, counting a missing attribute or item as 0, and sets alongside', async () => {
    const store = await createStore();
    const counter = { pk: 'STATS#courses', sk: 'COUNTER' };
    await store.transact([{ kind: 'increment', key: counter, add: { completed: 1, revenue: 4999 } }]);
    await store.transact([
      {
        kind: 'increment',
        key: counter,
        add: { completed: 1, refunds: -1 },
        set: { updatedAt: '2026-12-04' },
      },
    ]);
    expect(await store.get(counter)).toStrictEqual({
      ...counter,
      completed: 2,
      revenue: 4999,
      refunds: -1,
      updatedAt: '2026-12-04',
    });
  });

  it('refuses to add to an attribute that is not a number', async () => {
    const store = await createStore();
    await store.transact([{ kind: 'put', item: profile }]);
    await expect(store.transact([{ kind: 'increment', key, add: { name: 1 } }])).rejects.toThrow(/name/);
    expect(await store.get(key)).toStrictEqual(profile);
  });

  it('deletes, conditionally if asked', async () => {
    const store = await createStore();
    await store.transact([{ kind: 'put', item: profile }]);
    const conditional: TableWrite = {
      kind: 'delete',
      key,
      condition: { kind: 'attributesEqual', attributes: { status: 'deactivated' } },
    };
    await expect(store.transact([conditional])).rejects.toBeInstanceOf(ConditionFailedError);
    expect(await store.get(key)).toStrictEqual(profile);
    await store.transact([{ kind: 'delete', key }]);
    expect(await store.get(key)).toBeUndefined();
    await store.transact([{ kind: 'delete', key }]);
  });

  it('applies every write of a transaction or none', async () => {
    const store = await createStore();
    const enrolment = { pk: 'USER#u-1', sk: 'ENROLMENT#c-1' };
    await store.transact([{ kind: 'put', item: profile }]);
    const error = await store
      .transact([
        { kind: 'put', item: { ...enrolment, progress: 0 }, condition: { kind: 'notExists' } },
        { kind: 'increment', key: { pk: 'STATS#courses', sk: 'COUNTER' }, add: { enrolments: 1 } },
        {
          kind: 'update',
          key,
          set: { visits: 5 },
          condition: { kind: 'attributesEqual', attributes: { visits: 9 } },
        },
      ])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConditionFailedError);
    expect((error as Error).message).toContain('pk=USER#u-1 sk=PROFILE');
    expect(await store.get(enrolment)).toBeUndefined();
    expect(await store.get({ pk: 'STATS#courses', sk: 'COUNTER' })).toBeUndefined();
    expect(await store.get(key)).toStrictEqual(profile);
  });

  it('commits a transaction whose conditions all hold', async () => {
    const store = await createStore();
    const enrolment = { pk: 'USER#u-1', sk: 'ENROLMENT#c-1' };
    await store.transact([
      { kind: 'put', item: profile, condition: { kind: 'notExists' } },
      { kind: 'put', item: { ...enrolment, progress: 0 }, condition: { kind: 'notExists' } },
    ]);
    expect(await store.query('USER#u-1')).toStrictEqual([{ ...enrolment, progress: 0 }, profile]);
  });

  it.each<[string, TableWrite[], RegExp]>([
    [
      'touches one item twice',
      [
        { kind: 'put', item: profile },
        { kind: 'update', key, set: { name: 'x' } },
      ],
      /only once/,
    ],
    ['changes a key attribute', [{ kind: 'update', key, set: { sk: 'OTHER' } }], /may not change sk/],
    [
      'removes a key attribute',
      [{ kind: 'update', key, set: { name: 'x' }, remove: ['pk'] }],
      /may not change pk/,
    ],
    [
      'sets and removes one attribute',
      [{ kind: 'update', key, set: { name: 'x' }, remove: ['name'] }],
      /twice/,
    ],
    ['updates nothing', [{ kind: 'update', key, set: {} }], /sets and removes nothing/],
    ['increments nothing', [{ kind: 'increment', key, add: {} }], /adds nothing/],
    [
      'has an empty sort key',
      [{ kind: 'put', item: { pk: 'USER#u-1', sk: '' } }],
      /non-empty string pk and sk/,
    ],
    [
      'holds more than 100 writes',
      Array.from({ length: 101 }, (_, i): TableWrite => ({ kind: 'put', item: { pk: `P#${i}`, sk: 'S' } })),
      /at most 100 writes/,
    ],
  ])('refuses a transaction that %s, writing nothing', async (_, writes, message) => {
    const store = await createStore();
    const error = await store.transact(writes).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidWriteError);
    expect((error as Error).message).toMatch(message);
    expect(await store.get(key)).toBeUndefined();
    expect(await store.get({ pk: 'P#0', sk: 'S' })).toBeUndefined();
  });

  it('queries one partition by sort-key prefix, in sort-key (UTF-8 byte) order', async () => {
    const store = await createStore();
    const items: Item[] = [
      { pk: 'USER#u-1', sk: 'PROFILE' },
      { pk: 'USER#u-1', sk: 'ENROLMENT#c-2' },
      { pk: 'USER#u-1', sk: 'ENROLMENT#c-1' },
      { pk: 'USER#u-1', sk: 'ENROLMENT#\uffff' },
      { pk: 'USER#u-1', sk: 'ENROLMENT#😀' },
      { pk: 'USER#u-1', sk: 'PAYMENT#p-1' },
      { pk: 'USER#u-2', sk: 'ENROLMENT#c-1' },
    ];
    await store.transact(items.map((item): TableWrite => ({ kind: 'put', item })));
    expect((await store.query('USER#u-1', 'ENROLMENT#')).map((i) => i.sk)).toStrictEqual([
      'ENROLMENT#c-1',
      'ENROLMENT#c-2',
      'ENROLMENT#\uffff',
      'ENROLMENT#😀',
    ]);
    expect((await store.query('USER#u-1')).map((i) => i.sk)).toStrictEqual([
      'ENROLMENT#c-1',
      'ENROLMENT#c-2',
      'ENROLMENT#\uffff',
      'ENROLMENT#😀',
      'PAYMENT#p-1',
      'PROFILE',
    ]);
    expect(await store.query('USER#u-3')).toStrictEqual([]);
    expect(await store.query('USER#u-1', 'CERTIFICATE#')).toStrictEqual([]);
  });
}
