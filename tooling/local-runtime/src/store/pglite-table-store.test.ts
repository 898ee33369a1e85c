import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConditionFailedError, type Item } from '@sfe/records';
import { tableStoreContract } from '@sfe/records/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LocalStoreError } from './errors';
import { type LocalStore, openLocalStore } from './local-store';
import { type CommittedChange, PgliteTableStore } from './pglite-table-store';
import { SqlDatabase, type SqlExecutor } from './sql-database';

const NOW = new Date('2026-11-23T10:00:00.000Z');
let store: LocalStore;
beforeAll(async () => {
  store = await openLocalStore({ inMemory: true, now: () => NOW });
});
afterAll(() => store.close());
beforeEach(async () => {
  await store.db.exec('truncate changes');
});

const user = (id: string, extra: Record<string, unknown> = {}): Item => ({
  pk: `USER#${id}`,
  sk: 'PROFILE',
  name: `user ${id}`,
  ...extra,
});

let tableCount = 0;
describe('PgliteTableStore', () => {
  // Every test of the shared contract gets a fresh, empty table in the same database.
  tableStoreContract(() => store.table(`contract-${++tableCount}`));

  it('queries one partition by sort-key prefix, in sort-key order, treating % and _ literally', async () => {
    const table = store.table('prefix');
    await table.transact(
      ['A#2', 'A#10', 'A_1', 'B#1', 'A%'].map((sk) => ({ kind: 'put', item: { pk: 'P', sk } }) as const),
    );
    expect((await table.query('P', 'A#')).map((item) => item.sk)).toStrictEqual(['A#10', 'A#2']);
    expect((await table.query('P', 'A_')).map((item) => item.sk)).toStrictEqual(['A_1']);
    expect((await table.query('P')).map((item) => item.sk)).toStrictEqual([
      'A#10',
      'A#2',
      'A%',
      'A_1',
      'B#1',
    ]);
  });

  it('sees items written around it (SQL of its own, a truncate), though it remembers what it read and wrote', async () => {
    const table = store.table('written-around');
    const key = { pk: 'USER#cache', sk: 'PROFILE' };
    await table.transact([{ kind: 'put', item: user('cache') }]);
    expect(await table.get(key)).toStrictEqual(user('cache'));
    await store.db.query(
      `update items set item = $1 where table_name = 'written-around' and pk = 'USER#cache'`,
      [JSON.stringify(user('cache', { name: 'changed by SQL' }))],
    );
    expect(await table.get(key)).toStrictEqual(user('cache', { name: 'changed by SQL' }));
    await store.db.exec(`delete from items where table_name = 'written-around'`);
    expect(await table.get(key)).toBeUndefined();
    await table.transact([{ kind: 'put', item: user('cache'), condition: { kind: 'notExists' } }]);
    expect(await table.get(key)).toStrictEqual(user('cache'));
  });

  it('logs each platform change with old and new images in the transaction, and nothing for a failed one', async () => {
    const seen: unknown[] = [];
    const unsubscribe = store.onCommit((changes) => seen.push(...changes.map((change) => change.eventName)));
    const table = store.platformTable;
    await table.transact([{ kind: 'put', item: user('1', { v: 1 }) }]);
    await table.transact([{ kind: 'update', key: { pk: 'USER#1', sk: 'PROFILE' }, set: { v: 2 } }]);
    await expect(
      table.transact([
        { kind: 'put', item: user('2') },
        { kind: 'put', item: user('1'), condition: { kind: 'notExists' } },
      ]),
    ).rejects.toThrow(ConditionFailedError);
    await table.transact([{ kind: 'delete', key: { pk: 'USER#1', sk: 'PROFILE' } }]);
    await table.transact([{ kind: 'delete', key: { pk: 'USER#9', sk: 'PROFILE' } }]);
    await table.transact([{ kind: 'put', item: user('4') }]);
    await table.transact([{ kind: 'update', key: { pk: 'USER#4', sk: 'PROFILE' }, set: { name: 'user 4' } }]);
    await store.table('reporting').transact([{ kind: 'put', item: user('3') }]);
    unsubscribe();

    const rows = await store.db.query(
      'select seq::int, table_name, pk, sk, event_name, old_image, new_image, created_at from changes order by seq',
    );
    const firstSeq = (rows.rows[0] as { seq: number }).seq;
    expect(rows.rows).toStrictEqual([
      {
        seq: firstSeq,
        table_name: 'platform',
        pk: 'USER#1',
        sk: 'PROFILE',
        event_name: 'INSERT',
        old_image: null,
        new_image: user('1', { v: 1 }),
        created_at: NOW,
      },
      {
        seq: firstSeq + 1,
        table_name: 'platform',
        pk: 'USER#1',
        sk: 'PROFILE',
        event_name: 'MODIFY',
        old_image: user('1', { v: 1 }),
        new_image: user('1', { v: 2 }),
        created_at: NOW,
      },
      {
        // Sequence numbers of the rolled-back transaction are skipped, never reused: order is what counts.
        seq: expect.any(Number),
        table_name: 'platform',
        pk: 'USER#1',
        sk: 'PROFILE',
        event_name: 'REMOVE',
        old_image: user('1', { v: 2 }),
        new_image: null,
        created_at: NOW,
      },
      {
        seq: expect.any(Number),
        table_name: 'platform',
        pk: 'USER#4',
        sk: 'PROFILE',
        event_name: 'INSERT',
        old_image: null,
        new_image: user('4'),
        created_at: NOW,
      },
    ]);
    // Deleting nothing and setting what is already there leave no record, as in DynamoDB Streams.
    expect(seen).toStrictEqual(['INSERT', 'MODIFY', 'REMOVE', 'INSERT']);
  });
  it('decides a write on the stored item when it tried to create an item it did not know was there', async () => {
    const key = { pk: 'USER#known-elsewhere', sk: 'PROFILE' };
    await store.platformTable.transact([{ kind: 'put', item: user('known-elsewhere', { count: 2 }) }]);
    await store.db.exec('truncate changes');
    // A second store on the same table knows none of its items (as after a restart).
    const changes: CommittedChange[] = [];
    const fresh = () =>
      new PgliteTableStore({
        db: store.db,
        tableName: 'platform',
        streamed: true,
        now: () => NOW,
        onCommit: (committed) => changes.push(...committed),
      });

    await expect(
      fresh().transact([
        { kind: 'put', item: { pk: 'USER#new', sk: 'PROFILE' } },
        { kind: 'put', item: user('known-elsewhere'), condition: { kind: 'notExists' } },
      ]),
    ).rejects.toThrow(ConditionFailedError);
    await fresh().transact([{ kind: 'increment', key, add: { count: 1 } }]);
    await fresh().transact([{ kind: 'put', item: user('known-elsewhere', { count: 7 }) }]);

    expect(await fresh().get({ pk: 'USER#new', sk: 'PROFILE' })).toBeUndefined();
    expect(await fresh().get(key)).toStrictEqual(user('known-elsewhere', { count: 7 }));
    const logged = await store.db.query(
      'select pk, event_name, old_image, new_image from changes order by seq',
    );
    const expected = [
      {
        pk: key.pk,
        event_name: 'MODIFY',
        old_image: user('known-elsewhere', { count: 2 }),
        new_image: user('known-elsewhere', { count: 3 }),
      },
      {
        pk: key.pk,
        event_name: 'MODIFY',
        old_image: user('known-elsewhere', { count: 3 }),
        new_image: user('known-elsewhere', { count: 7 }),
      },
    ];
    expect(logged.rows).toStrictEqual(expected);
    expect(
      changes.map(({ key: { pk }, eventName, oldImage, newImage }) => ({
        pk,
        event_name: eventName,
        old_image: oldImage,
        new_image: newImage,
      })),
    ).toStrictEqual(expected);
  });

  it('knows which keys its table holds: an absent item is read, created or found missing without asking', async () => {
    await store.table('indexed').transact([{ kind: 'put', item: user('there') }]);
    /** The same connection, counting the round trips a table store makes. */
    class CountingDatabase extends SqlDatabase {
      trips = 0;
      override exclusive<T>(fn: (sql: SqlExecutor) => Promise<T>): Promise<T> {
        return super.exclusive((sql) =>
          fn({
            query: (text, params) => {
              this.trips += 1;
              return sql.query(text, params);
            },
            batch: (statements) => {
              this.trips += 1;
              return sql.batch(statements);
            },
          }),
        );
      }
    }
    const db = new CountingDatabase(store.db.pglite);
    // A new table store (as after a restart) reads the table's keys once, on first use.
    const table = new PgliteTableStore({ db, tableName: 'indexed', streamed: false, now: () => NOW });
    expect(await table.get({ pk: 'USER#nobody', sk: 'PROFILE' })).toBeUndefined();
    expect(db.trips).toBe(1);
    expect(await table.get({ pk: 'USER#nobody-else', sk: 'PROFILE' })).toBeUndefined();
    await table.transact([{ kind: 'put', item: user('new'), condition: { kind: 'notExists' } }]);
    expect(db.trips).toBe(2);
    expect(await table.get({ pk: 'USER#new', sk: 'PROFILE' })).toStrictEqual(user('new'));
    // An item it holds but has not read is read; then it is known.
    expect(await table.get({ pk: 'USER#there', sk: 'PROFILE' })).toStrictEqual(user('there'));
    expect(db.trips).toBe(3);
    await expect(
      table.transact([{ kind: 'put', item: user('there'), condition: { kind: 'notExists' } }]),
    ).rejects.toThrow(ConditionFailedError);
    await table.transact([{ kind: 'delete', key: { pk: 'USER#new', sk: 'PROFILE' } }]);
    expect(await table.get({ pk: 'USER#new', sk: 'PROFILE' })).toBeUndefined();
    expect(db.trips).toBe(4);
    expect(
      (await store.db.query('select pk from items where table_name = $1 order by pk', ['indexed'])).rows,
    ).toStrictEqual([{ pk: 'USER#there' }]);
  });
});

describe('text the store cannot hold', () => {
  const certificate = (userId: string, extra: Record<string, unknown> = {}): Item => ({
    pk: `USER#${userId}`,
    sk: 'CERTIFICATE#c-1',
    entityType: 'CERTIFICATE',
    certificateId: `cert-${userId}`,
    userId,
    courseId: 'c-1',
    objectKey: `certificates/${userId}/c-1.pdf`,
    issuedAt: '2026-11-23T10:00:00.000Z',
    courseTitle: 'Events',
    userName: userId,
    email: `${userId}@example.com`,
    ...extra,
  });

  it.each(['Eve\u0000', '\ud800', 'x\udc00'])(
    'refuses a write holding %j on its own, and every query over the table keeps answering',
    async (bad) => {
      const table = store.table(`unstorable-${bad.charCodeAt(bad.length - 1)}`);
      await table.transact([{ kind: 'put', item: certificate('ada') }]);
      await expect(
        table.transact([{ kind: 'put', item: certificate('eve', { userName: bad }) }]),
      ).rejects.toThrow(LocalStoreError);
      await expect(
        table.transact([{ kind: 'put', item: certificate('eve', { userName: bad }) }]),
      ).rejects.toThrow('cannot store pk=USER#eve sk=CERTIFICATE#c-1 in table');
      expect(await table.get({ pk: 'USER#eve', sk: 'CERTIFICATE#c-1' })).toBeUndefined();
      const found = await store.db.query<{ item: Item }>(
        `select item from items where table_name = $1 and item->>'entityType' = 'CERTIFICATE'
         and item->>'certificateId' = $2`,
        [table.tableName, 'cert-ada'],
      );
      expect(found.rows.map((row) => row.item)).toStrictEqual([certificate('ada')]);
    },
  );

  it('moves a store made with json items to jsonb, replacing refused text by U+FFFD and losing no item', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'sfe-store-json-'));
    try {
      const first = await openLocalStore({ dataDirectory: directory });
      await first.db.exec('drop table items');
      await first.db.exec(
        'create table items (table_name text not null, pk text not null, sk text not null, item json not null, primary key (table_name, pk, sk))',
      );
      await first.db.query('insert into items values ($1, $2, $3, $4), ($1, $5, $3, $6)', [
        'platform',
        'USER#eve',
        'CERTIFICATE#c-1',
        JSON.stringify(certificate('eve', { userName: 'Eve\u0000\ud800' })),
        'USER#ada',
        JSON.stringify(certificate('ada')),
      ]);
      await first.close();
      const second = await openLocalStore({ dataDirectory: directory });
      expect(await second.platformTable.get({ pk: 'USER#eve', sk: 'CERTIFICATE#c-1' })).toStrictEqual(
        certificate('eve', { userName: 'Eve\ufffd\ufffd' }),
      );
      expect(await second.platformTable.get({ pk: 'USER#ada', sk: 'CERTIFICATE#c-1' })).toStrictEqual(
        certificate('ada'),
      );
      const found = await second.db.query<{ n: number }>(
        `select count(*)::int as n from items where item->>'entityType' = 'CERTIFICATE'`,
      );
      expect(found.rows[0]?.n).toBe(2);
      await second.close();
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});

describe('openLocalStore', () => {
  it('keeps items and changes across a close and reopen of its directory', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'sfe-store-'));
    try {
      const first = await openLocalStore({ dataDirectory: directory });
      await first.platformTable.transact([{ kind: 'put', item: user('1') }]);
      await first.close();
      const second = await openLocalStore({ dataDirectory: directory });
      expect(await second.platformTable.get({ pk: 'USER#1', sk: 'PROFILE' })).toStrictEqual(user('1'));
      const changes = await second.db.query<{ n: number }>('select count(*)::int as n from changes');
      expect(changes.rows[0]?.n).toBe(1);
      await second.close();
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
