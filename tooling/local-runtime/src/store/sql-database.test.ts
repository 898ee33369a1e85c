import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SqlDatabase } from './sql-database';

let db: SqlDatabase;

beforeAll(async () => {
  const pglite = new PGlite();
  await pglite.waitReady;
  db = new SqlDatabase(pglite);
  await db.exec(
    'create table t (id text primary key, n bigint not null, doc jsonb, at timestamptz, flag boolean)',
  );
});

afterAll(async () => {
  await db.close();
});

beforeEach(async () => {
  await db.exec('truncate t');
});

describe('SqlDatabase', () => {
  it("returns each statement's rows and its own count of affected rows", async () => {
    const results = await db.batch([
      { text: 'insert into t (id, n) values ($1, $2), ($3, $2)', params: ['a', 1, 'b'] },
      { text: 'update t set n = n + 1 where id = $1', params: ['a'] },
      { text: 'select id, n from t order by id' },
      { text: 'delete from t where id = $1', params: ['nobody'] },
    ]);
    expect(results).toStrictEqual([
      { rows: [], affectedRows: 2 },
      { rows: [], affectedRows: 1 },
      {
        rows: [
          { id: 'a', n: 2 },
          { id: 'b', n: 1 },
        ],
        affectedRows: 0,
      },
      { rows: [], affectedRows: 0 },
    ]);
  });

  it('sends bigints, dates, booleans, nulls, JSON text and text arrays as PostgreSQL reads them', async () => {
    const at = new Date('2026-12-05T10:00:00.000Z');
    await db.query('insert into t (id, n, doc, at, flag) values ($1, $2, $3, $4, $5)', [
      `it's "quoted" \\ text`,
      2n ** 40n,
      JSON.stringify({ nested: { list: [1, 'two'] } }),
      at,
      true,
    ]);
    await db.query('insert into t (id, n, doc, at, flag) values ($1, $2, $3, $4, $5)', [
      'b',
      0,
      null,
      null,
      false,
    ]);
    const found = await db.query('select id, n::text as n, doc, at, flag from t where id = any($1::text[])', [
      [`it's "quoted" \\ text`, 'b', 'c'],
    ]);
    expect(found.rows).toStrictEqual([
      {
        id: `it's "quoted" \\ text`,
        n: '1099511627776',
        doc: { nested: { list: [1, 'two'] } },
        at,
        flag: true,
      },
      { id: 'b', n: '0', doc: null, at: null, flag: false },
    ]);
  });

  it('reads rows as long and as non-ASCII as they come, in a response PostgreSQL sends in several pieces', async () => {
    const text = `é ✓ 😀 ${'x'.repeat(100_000)}`;
    const rows = Array.from({ length: 20 }, (_, i) => ({ id: `${i} ✓`, n: i }));
    await db.batch(
      rows.map(({ id, n }) => ({
        text: 'insert into t (id, n, doc) values ($1, $2, $3)',
        params: [id, n, JSON.stringify({ text })],
      })),
    );
    const found = await db.query<{ id: string; n: number; doc: { text: string } }>(
      'select id, n, doc from t order by n',
    );
    expect(found.rows.map(({ id, n }) => ({ id, n }))).toStrictEqual(rows);
    expect(found.rows.every(({ doc }) => doc.text === text)).toBe(true);
  });

  it('applies a batch whole or not at all, names the failed statement, and keeps working afterwards', async () => {
    await db.query('insert into t (id, n) values ($1, $2)', ['taken', 1]);
    const failure = await db
      .batch([
        { text: 'insert into t (id, n) values ($1, $2)', params: ['first', 1] },
        { text: 'insert into t (id, n) values ($1, $2)', params: ['taken', 2] },
        // Never prepared: the error skipped its Parse, so its next use must parse it again.
        { text: 'select count(*)::int as never_prepared from t' },
      ])
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: '23505', statementIndex: 1 });
    expect((await db.query('select id, n from t')).rows).toStrictEqual([{ id: 'taken', n: 1 }]);
    expect((await db.query('select count(*)::int as never_prepared from t')).rows).toStrictEqual([
      { never_prepared: 1 },
    ]);
  });

  it('rolls a transaction back when its function throws', async () => {
    await expect(
      db.transaction(async (sql) => {
        await sql.query('insert into t (id, n) values ($1, $2)', ['rolled-back', 1]);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    await db.transaction((sql) => sql.query('insert into t (id, n) values ($1, $2)', ['kept', 1]));
    expect((await db.query('select id from t')).rows).toStrictEqual([{ id: 'kept' }]);
  });

  it('runs nothing else between the round trips of an exclusive section', async () => {
    await db.query('insert into t (id, n) values ($1, $2)', ['counter', 0]);
    // Read, then write what was read plus one: interleaved, two increments would both read 0.
    const increment = () =>
      db.exclusive(async (sql) => {
        const read = await sql.query<{ n: number }>('select n from t where id = $1', ['counter']);
        await sql.query('update t set n = $2 where id = $1', ['counter', (read.rows[0]?.n ?? 0) + 1]);
      });
    await Promise.all(Array.from({ length: 10 }, increment));
    expect((await db.query('select n from t')).rows).toStrictEqual([{ n: 10 }]);
  });
});
