import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connectPostgres } from './pglite-connection';
import { SqlDatabase } from './sql-database';

// The same behaviour whether PostgreSQL runs in this thread or in the runtime's worker thread.
describe.each(['this', 'worker'] as const)('SqlDatabase, PostgreSQL in %s thread', (thread) => {
  let db: SqlDatabase;

  beforeAll(async () => {
    db = new SqlDatabase(await connectPostgres({ dataDir: undefined, thread }));
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

  it('runs batches asked for at once in the order they were asked, one failing alone', async () => {
    const insert = 'insert into t (id, n) values ($1, $2)';
    const count = 'select count(*)::int as n from t';
    // Both prepared first: batches of prepared statements go out without waiting for the answers before them.
    await db.batch([{ text: insert, params: ['first', 0] }, { text: count }]);
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        db.batch([{ text: insert, params: [i === 3 ? 'first' : `row-${i}`, i] }, { text: count }]).then(
          (results) => results[1]?.rows[0]?.n,
          (error: { code?: string }) => error.code,
        ),
      ),
    );
    expect(outcomes).toStrictEqual([2, 3, 4, '23505', 5, 6, 7, 8]);
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

  it("throws PostgreSQL's error for simple-protocol SQL that fails, and keeps working afterwards", async () => {
    await expect(db.exec('insert into missing_table values (1)')).rejects.toMatchObject({
      code: '42P01',
      message: 'relation "missing_table" does not exist',
    });
    await db.exec("insert into t (id, n) values ('after', 1); insert into t (id, n) values ('both', 2)");
    expect((await db.query('select id from t order by id')).rows).toStrictEqual([
      { id: 'after' },
      { id: 'both' },
    ]);
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
