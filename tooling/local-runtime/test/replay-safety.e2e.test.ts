import { readReport } from '@sfe/reporting-service/report';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { directRuntimeAccess } from '../src/access/runtime-access';
import { type RuntimeObserver, silentObserver } from '../src/output/terminal';
import { DEFAULT_ARCHIVE_RETENTION_DAYS } from '../src/retention';
import { runScenario } from '../src/scenario/scenario';
import { type StartedRuntime, startLocalRuntime } from '../src/start';
import { temporaryDataDirectory } from './helpers';

/**
 * Replay safety: a day of the platform's events (the scenario's business moments: sign-up, enrolment,
 * payment, completion, certificate, video, support ticket) replayed from the archive, through every service,
 * when the archive still holds them but long after a day (the old idempotency window): no second email, chat
 * message, certificate or count. The clock (`Date`, which Powertools' idempotency reads) is moved forward
 * to the last day of the archive's retention.
 */

const DAY_MS = 24 * 60 * 60 * 1000;
const START = new Date('2026-11-23T09:00:00.000Z');

let started: StartedRuntime;
let data: Awaited<ReturnType<typeof temporaryDataDirectory>>;
const sideEffects: string[] = [];
const observer: RuntimeObserver = {
  ...silentObserver,
  sideEffect(line) {
    sideEffects.push(line);
  },
};

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'], now: START });
  data = await temporaryDataDirectory('replay-safety');
  started = await startLocalRuntime({
    port: 0,
    dataDirectory: data.directory,
    pollIntervalMs: 50,
    queue: { visibilityTimeoutMs: 1_000 },
    stream: { retryDelayMs: 20 },
    observer,
  });
  await runScenario(directRuntimeAccess(started.runtime, { started: true }), {
    runId: 'replay',
    write: () => {},
  });
  await started.runtime.idle(120_000);
}, 240_000);

afterAll(async () => {
  await started?.stop();
  await data?.remove();
  vi.useRealTimers();
});

async function reportNow() {
  const table = started.runtime.store.table('reporting');
  return readReport({ query: (pk: string, skPrefix?: string) => table.query(pk, skPrefix) });
}

async function certificates() {
  return started.runtime.store.platformTable.query('USER#learner-replay', 'CERTIFICATE#');
}

describe('replaying a day of archived events', () => {
  it('repeats no email, chat message, certificate or count, on the last day the archive keeps them', async () => {
    const before = {
      sideEffects: [...sideEffects],
      report: await reportNow(),
      certificates: await certificates(),
    };
    // What the day produced: the replay below has something to repeat.
    expect(before.sideEffects.filter((line) => line.startsWith('email-service:')).length).toBeGreaterThan(2);
    expect(before.sideEffects.some((line) => line.startsWith('notification-service:'))).toBe(true);
    expect(before.sideEffects.some((line) => line.startsWith('reporting-service:'))).toBe(true);
    expect(before.certificates).toHaveLength(1);

    vi.setSystemTime(new Date(START.getTime() + (DEFAULT_ARCHIVE_RETENTION_DAYS - 1) * DAY_MS));
    const replay = await started.runtime.replay({
      from: new Date(START.getTime() - DAY_MS),
      to: new Date(START.getTime() + DAY_MS),
    });
    expect(replay.events).toBeGreaterThan(10);
    await started.runtime.idle(120_000);

    const after = {
      sideEffects: [...sideEffects],
      report: await reportNow(),
      certificates: await certificates(),
    };
    expect(after.sideEffects.slice(before.sideEffects.length)).toStrictEqual([]);
    expect(after.report).toStrictEqual(before.report);
    expect(after.certificates).toStrictEqual(before.certificates);
  });
});
