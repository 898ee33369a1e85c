import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
const payment = createEvent(
  EventType.CoursePaymentComplete,
  {
    paymentId: 'p-1',
    userId: 'u-1',
    courseId: 'c-1',
    amount: 4999,
    currency: 'GBP',
    completedAt: '2026-11-23T10:00:00.000Z',
    courseTitle: 'Event-Driven Architecture',
    userName: 'Ada',
    email: 'ada@example.com',
  },
  { source: 'sfe-test' },
);
const countedAt = new Date('2026-11-23T12:00:00.000Z');

describe('sfe report', () => {
  it("prints the reporting tables from the local store's reporting table", async () => {
    const directory = await mkdtemp(join(tmpdir(), 'sfe-report-'));
    const store = await openLocalStore({ dataDirectory: join(directory, '.sfe') });
    await store.table(LOCAL_REPORTING_TABLE).transact(countEvent(signup, countedAt));
    await store.table(LOCAL_REPORTING_TABLE).transact(countEvent(payment, countedAt));
    await store.close();

    const { streams, out, err } = io(directory);
    expect(await runCli([reportCommand], ['report'], streams)).toBe(0);

    expect(err()).toBe('');
    expect(out()).toContain(
      ['Signups per day', '  day         signups', '  ──────────  ───────', '  2026-11-23        1'].join(
        '\n',
      ),
    );
    expect(out()).toContain('  2026-11-23  GBP        £49.99         1');
    expect(out()).toContain('Completions per course\n  (none yet)');
  }, 60_000);

  it('prints JSON with --json, reading through the injected store', async () => {
    const table = new MemoryTableStore();
    await table.transact(countEvent(signup, countedAt));
    let closed = false;
    const command = createReportCommand(async () => ({
      table,
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

  it('says to stop the runtime when it holds the store', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'sfe-report-'));
    // A live process other than this one (pid 1 always exists) holds the lock, as the runtime would.
    await writeFile(
      join(directory, 'store.lock'),
      JSON.stringify({ pid: 1, url: 'http://127.0.0.1:4010', startedAt: countedAt.toISOString() }),
    );
    const { streams, err } = io(directory);

    expect(await runCli([reportCommand], ['report', '--data-dir', '.'], streams)).toBe(1);
    expect(err()).toContain('answering at http://127.0.0.1:4010');
    expect(err()).toContain('stop the local runtime');
  });

  it('rejects an unknown argument with the usage', async () => {
    const { streams, err } = io('/');
    expect(await runCli([reportCommand], ['report', '--csv'], streams)).toBe(1);
    expect(err()).toBe('unknown argument "--csv"\nUsage: pnpm sfe report [--data-dir .sfe] [--json]\n');
  });
});
