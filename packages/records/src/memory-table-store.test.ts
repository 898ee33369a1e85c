import { describe, expect, it } from 'vitest';
import { MemoryTableStore } from './memory-table-store';
import { ConditionFailedError, putItem, updateItem } from './table-store';
import { tableStoreContract } from './table-store-contract';

describe('MemoryTableStore', () => {
  tableStoreContract(() => new MemoryTableStore());

  it('stores a copy of what was written: later changes by the writer, nested or a Date, do not reach it', async () => {
    const store = new MemoryTableStore();
    const key = { pk: 'USER#u-1', sk: 'PROFILE' };
    const at = new Date('2026-12-05T10:00:00.000Z');
    const tags = ['a', undefined, 'b'];
    const item = { ...key, at, tags, address: { city: 'London', zip: undefined } };
    await store.transact([{ kind: 'put', item }]);
    const set = { seen: { at, count: 1 } };
    await store.transact([{ kind: 'update', key, set }]);
    at.setUTCFullYear(2000);
    tags.push('c');
    item.address.city = 'Paris';
    set.seen.count = 2;
    expect(await store.get(key)).toStrictEqual({
      ...key,
      at: new Date('2026-12-05T10:00:00.000Z'),
      tags: ['a', 'b'],
      address: { city: 'London' },
      seen: { at: new Date('2026-12-05T10:00:00.000Z'), count: 1 },
    });
    await expect(store.transact([{ kind: 'put', item: { ...key, call: () => 1 } }])).rejects.toThrow();
  });

  describe('change records (as DynamoDB Streams with NEW_AND_OLD_IMAGES)', () => {
    const key = { pk: 'USER#u-1', sk: 'PROFILE' };

    it('records INSERT, MODIFY and REMOVE with their images', async () => {
      const store = new MemoryTableStore();
      await store.transact([{ kind: 'put', item: { ...key, name: 'Ada', status: 'active' } }]);
      await store.transact([{ kind: 'update', key, set: { status: 'deactivated' } }]);
      await store.transact([{ kind: 'delete', key }]);
      expect(store.changes).toStrictEqual([
        { eventName: 'INSERT', key, newImage: { ...key, name: 'Ada', status: 'active' } },
        {
          eventName: 'MODIFY',
          key,
          oldImage: { ...key, name: 'Ada', status: 'active' },
          newImage: { ...key, name: 'Ada', status: 'deactivated' },
        },
        { eventName: 'REMOVE', key, oldImage: { ...key, name: 'Ada', status: 'deactivated' } },
      ]);
    });

    it('records one change per item of a transaction, in write order', async () => {
      const store = new MemoryTableStore();
      await store.transact([
        { kind: 'put', item: { pk: 'USER#u-1', sk: 'ENROLMENT#c-1', progress: 0 } },
        { kind: 'increment', key: { pk: 'STATS#courses', sk: 'COUNTER' }, add: { enrolments: 1 } },
      ]);
      expect(store.changes.map((c) => [c.eventName, c.key.pk, c.key.sk])).toStrictEqual([
        ['INSERT', 'USER#u-1', 'ENROLMENT#c-1'],
        ['INSERT', 'STATS#courses', 'COUNTER'],
      ]);
    });

    it('records nothing for a failed transaction', async () => {
      const store = new MemoryTableStore();
      await store.transact([{ kind: 'put', item: { ...key, name: 'Ada' } }]);
      await expect(
        store.transact([
          { kind: 'put', item: { pk: 'USER#u-1', sk: 'ENROLMENT#c-1' } },
          { kind: 'put', item: { ...key, name: 'Eve' }, condition: { kind: 'notExists' } },
        ]),
      ).rejects.toBeInstanceOf(ConditionFailedError);
      expect(store.changes).toHaveLength(1);
    });

    it('records nothing for a write that changes nothing, or a delete of nothing', async () => {
      const store = new MemoryTableStore();
      await store.transact([{ kind: 'put', item: { ...key, name: 'Ada' } }]);
      await store.transact([{ kind: 'put', item: { ...key, name: 'Ada' } }]);
      await store.transact([{ kind: 'update', key, set: { name: 'Ada' } }]);
      await store.transact([{ kind: 'delete', key: { pk: 'USER#u-9', sk: 'PROFILE' } }]);
      expect(store.changes.map((c) => c.eventName)).toStrictEqual(['INSERT']);
    });

    it('keeps images that later writes cannot change', async () => {
      const store = new MemoryTableStore();
      await store.transact([{ kind: 'put', item: { ...key, tags: ['a'] } }]);
      await store.transact([{ kind: 'update', key, set: { tags: ['a', 'b'] } }]);
      expect(store.changes[0]?.newImage).toStrictEqual({ ...key, tags: ['a'] });
    });
  });

  describe('putItem and updateItem', () => {
    it('write one item with an optional condition', async () => {
      const store = new MemoryTableStore();
      const key = { pk: 'VIDEO#v-1', sk: 'METADATA' };
      await putItem(store, { ...key, status: 'uploaded' }, { kind: 'notExists' });
      await expect(
        putItem(store, { ...key, status: 'uploaded' }, { kind: 'notExists' }),
      ).rejects.toBeInstanceOf(ConditionFailedError);
      await updateItem(
        store,
        key,
        { status: 'transcribing' },
        {
          kind: 'attributesEqual',
          attributes: { status: 'uploaded' },
        },
      );
      await expect(
        updateItem(
          store,
          key,
          { status: 'ready' },
          { kind: 'attributesEqual', attributes: { status: 'uploaded' } },
        ),
      ).rejects.toBeInstanceOf(ConditionFailedError);
      await updateItem(store, key, { title: 'Lecture 3' });
      expect(await store.get(key)).toStrictEqual({ ...key, status: 'transcribing', title: 'Lecture 3' });
    });
  });
});
