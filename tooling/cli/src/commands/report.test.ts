import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { createEvent, EventType } from '@sfe/events';
import { openLocalStore } from '@sfe/local-runtime/store';
import { MemoryTableStore } from '@sfe/records';
import { countEvent, LOCAL_REPORTING_TABLE } from '@sfe/reporting-service/report';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli';
import type { CommandIo } from '../command';
import { createReportCommand, reportCommand } from './report';

function io(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const streams: CommandIo = {
    stdout: (s) => void out.push(s),
    stderr: (s) => void err.push(s),
    readStdin: async () => '',
    cwd,
  };
  return { streams, out: () => out.join(''), err: () => err.join('') };
}

const signup = createEvent(
  EventType.UserSignedUp,
  { userId: 'u-1', email: 'ada@example.com', name: 'Ada', signedUpAt: '2026-11-23T09:00:00.000Z' },
  { source: 'sfe-test' },
);
// The light payment event, and the payment's state the reporting service reads back for it.
const payment = createEvent(
  EventType.PaymentCompleted,
  { paymentId: 'p-1', userId: 'u-1', courseId: 'c-1', completedAt: '2026-11-23T10:00:00.000Z' },
  { source: 'sfe-test' },
);
const paymentNow = {
  paymentId: 'p-1',
  userId: 'u-1',
  courseId: 'c-1',
  amount: 4999,
  currency: 'GBP',
  status: 'complete',
  completedAt: '2026-11-23T10:00:00.000Z',
} as const;
const countedAt = new Date('2026-11-23T12:00:00.000Z');
const signupsTable = [
  'Signups per day',
  '  day         signups',
  '  ──────────  ───────',
  '  2026-11-23        1',
].join('\n');

/**
 * A stand-in for a running runtime: `handle` answers at a local port, and a data directory's lock names a live
 * process other than this one (pid 1 always exists) holding the store at that URL.
 */
async function runningRuntime(handle: RequestListener) {
  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const dataDirectory = join(await mkdtemp(join(tmpdir(), 'sfe-report-')), '.sfe');
  await mkdir(dataDirectory, { recursive: true });
  await writeFile(
    join(dataDirectory, 'store.lock'),
    JSON.stringify({ pid: 1, url: `http://127.0.0.1:${port}`, startedAt: countedAt.toISOString() }),
  );
  return { server, port, dataDirectory };
}

describe('sfe report', () => {
  it("prints the reporting tables from the store's files while the runtime is stopped", async () => {
    const dataDirectory = join(await mkdtemp(join(tmpdir(), 'sfe-report-')), '.sfe');
    const store = await openLocalStore({ dataDirectory });
    await store.table(LOCAL_REPORTING_TABLE).transact(countEvent(signup, countedAt));
    await store
      .table(LOCAL_REPORTING_TABLE)
      .transact(countEvent(payment, countedAt, { payment: paymentNow }));
    await store.close();

    const { streams, out, err } = io('/');
    expect(await runCli([reportCommand], ['report', '--data-dir', dataDirectory], streams)).toBe(0);

    expect(err()).toBe('');
    expect(out()).toContain(signupsTable);
    expect(out()).toContain('  2026-11-23  GBP        £49.99         1');
    expect(out()).toContain('Completions per course\n  (none yet)');
    expect(out()).toContain('the runtime is not running');
  }, 120_000);

  it('asks the running runtime over HTTP while it holds the store', async () => {
    const table = new MemoryTableStore();
    await table.transact(countEvent(signup, countedAt));
    const asked: string[] = [];
    const { server, port, dataDirectory } = await runningRuntime(async (request, response) => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      asked.push(`${request.method} ${url.pathname}`);
      // The report's four partitions, asked together: one POST /queries.
      const queries = JSON.parse(await text(request)) as { pk: string; skPrefix: string }[];
      const answers = await Promise.all(queries.map(({ pk, skPrefix }) => table.query(pk, skPrefix)));
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answers));
    });
    try {
      const { streams, out } = io('/');
      expect(await runCli([reportCommand], ['report', '--data-dir', dataDirectory], streams)).toBe(0);
      expect(out()).toContain(signupsTable);
      expect(out()).toContain(`(the running runtime at http://127.0.0.1:${port})`);
      expect(asked).toStrictEqual(['POST /queries']);
    } finally {
      server.close();
    }
  });

  it.each([
    [
      'formats the revenue there too',
      200,
      '49.99 pounds, as the runtime says',
      '  2026-11-23  GBP       49.99 pounds, as the runtime says         1',
    ],
    [
      'formats it here when the runtime predates that (404)',
      404,
      '',
      '  2026-11-23  GBP        £49.99         1',
    ],
  ])('asks a running runtime for the figures and %s', async (_, moneyStatus, revenue, line) => {
    const table = new MemoryTableStore();
    await table.transact(countEvent(payment, countedAt, { payment: paymentNow }));
    const asked: string[] = [];
    const { server, dataDirectory } = await runningRuntime(async (request, response) => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      asked.push(`${request.method} ${url.pathname} ${await text(request)}`);
      if (url.pathname === '/formatted-money') {
        response
          .writeHead(moneyStatus, { 'content-type': 'application/json' })
          .end(JSON.stringify(moneyStatus === 200 ? [revenue] : { error: 'no route' }));
        return;
      }
      const queries = JSON.parse(asked.at(-1)?.split(' ').slice(2).join(' ') ?? '[]') as { pk: string }[];
      const answers = await Promise.all(queries.map(({ pk }) => table.query(pk)));
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answers));
    });
    try {
      const { streams, out } = io('/');
      expect(await runCli([reportCommand], ['report', '--data-dir', dataDirectory], streams)).toBe(0);
      expect(out()).toContain(line);
      expect(asked.map((line) => line.split(' ').slice(0, 2).join(' '))).toStrictEqual([
        'POST /queries',
        'POST /formatted-money',
      ]);
      expect(asked[1]).toBe('POST /formatted-money [{"amount":4999,"currency":"GBP"}]');
    } finally {
      server.close();
    }
  });

  it('prints JSON with --json, reading through the injected table', async () => {
    const table = new MemoryTableStore();
    await table.transact(countEvent(signup, countedAt));
    let closed = false;
    const command = createReportCommand(async () => ({
      table,
      description: 'memory',
      close: async () => {
        closed = true;
      },
    }));
    const { streams, out } = io('/');

    expect(await runCli([command], ['report', '--json'], streams)).toBe(0);

    expect(JSON.parse(out())).toStrictEqual({
      signupsPerDay: [{ day: '2026-11-23', signups: 1 }],
      revenuePerDay: [],
      completionsPerCourse: [],
      accounts: { signedUp: 1, deactivated: 0, active: 1 },
    });
    expect(closed).toBe(true);
  });

  it('rejects an unknown argument with the usage', async () => {
    const { streams, err } = io('/');
    expect(await runCli([reportCommand], ['report', '--csv'], streams)).toBe(2);
    expect(err()).toBe(
      "unknown option '--csv'\nUsage: pnpm sfe report [options]\nRun `pnpm sfe report --help` for more.\n",
    );
  });
});
