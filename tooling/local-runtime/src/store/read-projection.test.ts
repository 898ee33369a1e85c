import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LOCAL_REPORTING_TABLE, REPORT_PARTITIONS } from '@sfe/reporting-service/report';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { temporaryDataDirectory } from '../../test/helpers';
import { openRuntimeAccess, type RuntimeAccess } from '../access/runtime-access';
import { storeRuntimeAccess } from '../access/store-access';
import { QueueStore } from '../queues/queue-store';
import { deadLetter } from '../testing';
import { openLocalStore } from './local-store';
import { queryReadProjection, READ_PROJECTION_FILE, type ReadProjection } from './read-projection';
import { StoreLockedError } from './store-lock';

const PACKAGE_DIRECTORY = fileURLToPath(new URL('../..', import.meta.url));
/**
 * A process that opens the store, counts one more signup on `day`, says "written" and waits to be killed.
 * @param day the signup's day (its sort key)
 */
const writer = (day: string) => `
  import { openLocalStore } from ${JSON.stringify(new URL('./local-store.ts', import.meta.url).href)};
  const store = await openLocalStore({ dataDirectory: ${JSON.stringify(directory)} });
  await store.table(${JSON.stringify(LOCAL_REPORTING_TABLE)}).transact([{ kind: 'put', item: {
    pk: ${JSON.stringify(REPORT_PARTITIONS.signupsPerDay)}, sk: '${day}', day: '${day}', signups: 1 } }]);
  process.stdout.write('written\\n');
  setInterval(() => {}, 60_000);
`;
const data = await temporaryDataDirectory('read-projection');
const directory = data.directory;
const projectionFile = join(directory, READ_PROJECTION_FILE);
afterAll(() => data.remove());

/** PostgreSQL's control file, which it rewrites whenever it starts or stops: unchanged = the store was not opened. */
const controlFile = async () =>
  createHash('sha256')
    .update(await readFile(join(directory, 'db', 'global', 'pg_control')))
    .digest('hex');

/** Every read the projection serves, with and without a sort-key prefix. */
async function readAll(access: RuntimeAccess) {
  const partitions: Record<string, unknown> = {};
  for (const pk of Object.values(REPORT_PARTITIONS)) {
    partitions[pk] = await access.query(LOCAL_REPORTING_TABLE, pk);
    partitions[`${pk} 2026-11-2`] = await access.query(LOCAL_REPORTING_TABLE, pk, '2026-11-2');
  }
  return { partitions, deadLetters: await access.listDeadLetters(), description: access.description };
}

/** The same reads on the store itself (opened as a read command opens it). */
async function readStore() {
  const access = storeRuntimeAccess(await openLocalStore({ dataDirectory: directory, brief: true }));
  try {
    return await readAll(access);
  } finally {
    await access.close();
  }
}

async function readThroughAccess() {
  const access = await openRuntimeAccess({ dataDirectory: directory });
  try {
    return await readAll(access);
  } finally {
    await access.close();
  }
}

const signupDays = (read: Awaited<ReturnType<typeof readAll>>) =>
  (read.partitions[REPORT_PARTITIONS.signupsPerDay] as { sk: string }[]).map((item) => item.sk);

// A stopped store with reports on two days (out of key order), a counted-fact marker the projection leaves out,
// and a dead letter with its error.
beforeAll(async () => {
  const store = await openLocalStore({ dataDirectory: directory });
  const reporting = store.table(LOCAL_REPORTING_TABLE);
  for (const day of ['2026-11-24', '2026-11-23', '2026-10-31']) {
    await reporting.transact([
      { kind: 'put', item: { pk: REPORT_PARTITIONS.signupsPerDay, sk: day, day, signups: 2 } },
    ]);
  }
  await reporting.transact([
    {
      kind: 'put',
      item: {
        pk: REPORT_PARTITIONS.revenuePerDay,
        sk: '2026-11-23#GBP',
        day: '2026-11-23',
        currency: 'GBP',
        amountMinor: 4999,
        payments: 1,
      },
    },
    {
      kind: 'put',
      item: { pk: REPORT_PARTITIONS.accounts, sk: 'TOTALS', signedUp: 6, deactivated: 1, active: 5 },
    },
    { kind: 'put', item: { pk: 'COUNTED#UserSignedUp#u-1', sk: 'FACT' } },
  ]);
  await deadLetter(
    new QueueStore(store.db),
    'email-service-learner-emails',
    ['{"detail-type":"UserSignedUp"}'],
    'Error: SES said no',
  );
  await store.close();
});

describe('the read projection of a stopped store', () => {
  it('answers every read as the store does, without starting PostgreSQL', async () => {
    expect(existsSync(projectionFile)).toBe(true);
    const before = await controlFile();
    const projected = await readThroughAccess();
    expect(await controlFile()).toBe(before);

    const fromStore = await readStore();
    expect(await controlFile()).not.toBe(before);
    expect(projected).toStrictEqual(fromStore);
    // What was compared is the seeded data, not nothing.
    expect(signupDays(fromStore)).toStrictEqual(['2026-10-31', '2026-11-23', '2026-11-24']);
    expect(
      (fromStore.partitions[`${REPORT_PARTITIONS.signupsPerDay} 2026-11-2`] as { sk: string }[]).map(
        (item) => item.sk,
      ),
    ).toStrictEqual(['2026-11-23', '2026-11-24']);
    expect(fromStore.deadLetters).toMatchObject([
      { queue: 'email-service-learner-emails-dlq', messages: [{ lastError: 'Error: SES said no' }] },
    ]);
    const projection = JSON.parse(await readFile(projectionFile, 'utf8')) as ReadProjection;
    expect(
      queryReadProjection(projection, LOCAL_REPORTING_TABLE, 'COUNTED#UserSignedUp#u-1'),
    ).toBeUndefined();
  });

  it('is removed when the store is opened, and written again, with the new data, when it is closed', async () => {
    const store = await openLocalStore({ dataDirectory: directory });
    expect(existsSync(projectionFile)).toBe(false);
    await store.table(LOCAL_REPORTING_TABLE).transact([
      {
        kind: 'put',
        item: { pk: REPORT_PARTITIONS.signupsPerDay, sk: '2026-11-25', day: '2026-11-25', signups: 1 },
      },
    ]);
    await store.close();
    const before = await controlFile();
    expect(signupDays(await readThroughAccess())).toContain('2026-11-25');
    expect(await controlFile()).toBe(before);
  });

  it('is not used after a writer was killed with SIGKILL, even if an old projection is put back', async () => {
    const old = await readFile(projectionFile);
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', writer('2026-11-30')],
      {
        cwd: PACKAGE_DIRECTORY,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    await new Promise<void>((resolve, reject) => {
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('written')) resolve();
      });
      child.on('exit', (code) => reject(new Error(`the writer exited with ${code} before writing`)));
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    expect(existsSync(projectionFile)).toBe(false);

    // What an older version of this code (one that did not remove it) would have left: ignored, since the
    // store's control file changed when the writer opened it.
    await writeFile(projectionFile, old);
    expect(signupDays(await readThroughAccess())).toContain('2026-11-30');
    // That read opened the store and, closing it, projected it again: the next read needs no store.
    const before = await controlFile();
    expect(signupDays(await readThroughAccess())).toContain('2026-11-30');
    expect(await controlFile()).toBe(before);
  });

  it('is ignored when unreadable or of another format', async () => {
    for (const contents of ['{"format":', JSON.stringify({ format: 0, partitions: {}, deadLetters: [] })]) {
      await writeFile(projectionFile, contents);
      const before = await controlFile();
      expect(signupDays(await readThroughAccess())).toContain('2026-11-30');
      expect(await controlFile()).not.toBe(before);
    }
  });

  it('is not used while another live process holds the store: that one may be writing', async () => {
    expect(existsSync(projectionFile)).toBe(true);
    await writeFile(
      join(directory, 'store.lock'),
      JSON.stringify({ pid: 1, startedAt: new Date().toISOString() }),
    );
    try {
      await expect(openRuntimeAccess({ dataDirectory: directory })).rejects.toThrow(StoreLockedError);
    } finally {
      await rm(join(directory, 'store.lock'));
    }
  });
});
