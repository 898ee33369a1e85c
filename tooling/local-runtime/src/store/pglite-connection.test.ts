import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { connectPostgres } from './pglite-connection';
import { SqlDatabase } from './sql-database';

describe('connectPostgres in a worker thread', () => {
  it('keeps what was written on disk across a close and a new worker', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'sfe-pglite-worker-'));
    try {
      const first = new SqlDatabase(await connectPostgres({ dataDir: directory, thread: 'worker' }));
      await first.exec('create table kept (id text primary key)');
      await first.query('insert into kept (id) values ($1)', ['written before the close']);
      await first.close();
      const second = new SqlDatabase(await connectPostgres({ dataDir: directory, thread: 'worker' }));
      expect((await second.query('select id from kept')).rows).toStrictEqual([
        { id: 'written before the close' },
      ]);
      await second.close();
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('answers every exchange after a close with an error saying the thread is gone', async () => {
    const connection = await connectPostgres({ dataDir: undefined, thread: 'worker' });
    await connection.close();
    await expect(connection.exchange(new Uint8Array([0]))).rejects.toThrow("the store's thread exited");
  });

  it('holds the process while an exchange or a close is out, and not once idle, as PGlite in this thread', async () => {
    // A script awaiting a close at its top level (Node exits with 13 if nothing holds the process meanwhile), then
    // a store queried and never closed: the script must still end, with 0.
    const script = `
      import { connectPostgres } from ${JSON.stringify(new URL('./pglite-connection.ts', import.meta.url).href)};
      import { SqlDatabase } from ${JSON.stringify(new URL('./sql-database.ts', import.meta.url).href)};
      const closed = new SqlDatabase(await connectPostgres({ dataDir: undefined, thread: 'worker' }));
      await closed.close();
      const db = new SqlDatabase(await connectPostgres({ dataDir: undefined, thread: 'worker' }));
      const { rows } = await db.query('select 41 + 1 as answer');
      console.log(JSON.stringify(rows));
    `;
    const directory = await mkdtemp(join(tmpdir(), 'sfe-pglite-worker-'));
    try {
      await writeFile(join(directory, 'left-open.mts'), script);
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ['--import', 'tsx', join(directory, 'left-open.mts')],
        { cwd: new URL('../..', import.meta.url), timeout: 120_000 },
      );
      expect(stdout.trim()).toBe('[{"answer":42}]');
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
