import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEvent, EventType } from '@sfe/events';
import { openLocalStore, QueueStore, READ_PROJECTION_FILE } from '@sfe/local-runtime';
import { deadLetter } from '@sfe/local-runtime/testing';
import { countEvent, LOCAL_REPORTING_TABLE } from '@sfe/reporting-service/report';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../stage/test-support';
import { dlqListCommand } from './dlq-list';
import { reportCommand } from './report';

// The read commands on a stopped runtime's store print exactly the same whether they answer from the read
// projection beside the store or from the store itself (PostgreSQL started).
let directory: string;
const countedAt = new Date('2026-11-23T12:00:00.000Z');

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'sfe-cli-projection-'));
  const store = await openLocalStore({ dataDirectory: directory });
  const reporting = store.table(LOCAL_REPORTING_TABLE);
  for (const [userId, day] of [
    ['u-1', '2026-11-23'],
    ['u-2', '2026-11-23'],
    ['u-3', '2026-11-24'],
  ] as const) {
    const signup = createEvent(
      EventType.UserSignedUp,
      { userId, email: `${userId}@example.com`, name: 'Ada', signedUpAt: `${day}T09:00:00.000Z` },
      { source: 'sfe-test' },
    );
    await reporting.transact(countEvent(signup, countedAt));
  }
  const payment = createEvent(
    EventType.PaymentCompleted,
    { paymentId: 'p-1', userId: 'u-1', courseId: 'c-1', completedAt: '2026-11-23T10:00:00.000Z' },
    { source: 'sfe-test' },
  );
  await reporting.transact(
    countEvent(payment, countedAt, {
      payment: {
        paymentId: 'p-1',
        userId: 'u-1',
        courseId: 'c-1',
        amount: 4999,
        currency: 'GBP',
        status: 'complete',
        completedAt: '2026-11-23T10:00:00.000Z',
      },
    }),
  );
  await deadLetter(
    new QueueStore(store.db),
    'email-service-learner-emails',
    ['e-1', 'e-2'].map((id) => `{"detail-type":"UserSignedUp","detail":{"metadata":{"id":"${id}"}}}`),
    'Error: SES said no',
  );
  await store.close();
}, 120_000);
afterAll(() => rm(directory, { recursive: true, force: true }));

/** PostgreSQL rewrites its control file whenever it starts: unchanged means the store was not opened. */
const controlFile = async () =>
  createHash('sha256')
    .update(await readFile(join(directory, 'db', 'global', 'pg_control')))
    .digest('hex');

describe('read commands on a stopped store: the projection prints what the store prints', {
  timeout: 120_000,
}, () => {
  for (const argv of [['report'], ['report', '--json'], ['dlq', 'list'], ['dlq', 'list', '--json']]) {
    it(argv.join(' '), async () => {
      const run = () => runCommand([reportCommand, dlqListCommand], [...argv, '--data-dir', directory], '/');
      // Without a projection the command reads the store, and closing it writes the projection.
      await rm(join(directory, READ_PROJECTION_FILE), { force: true });
      const fromStore = await run();
      const before = await controlFile();
      const fromProjection = await run();
      expect(await controlFile()).toBe(before);
      expect(fromProjection).toStrictEqual(fromStore);
      expect(fromStore.code).toBe(0);
      // What was compared holds the data.
      expect(fromStore.stdout).toMatch(argv[0] === 'report' ? /GBP|"GBP"/ : /SES said no/);
      expect(fromStore.stdout).toMatch(argv[0] === 'report' ? /2026-11-24/ : /e-2/);
    });
  }
});
