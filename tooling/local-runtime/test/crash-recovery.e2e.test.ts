import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { readReport } from '@sfe/reporting-service/report';
import { afterAll, describe, expect, it } from 'vitest';
import { httpRuntimeAccess } from '../src/access/runtime-access';
import type { EventBridgeEvent } from '../src/bus/eventbridge-event';
import { openLocalStore } from '../src/store/local-store';
import { eventually, filesIn, freePort, temporaryDataDirectory } from './helpers';

const PACKAGE_DIRECTORY = join(import.meta.dirname, '..');
// `pnpm dev` is the CLI's `dev` command (it parses the options and starts this package's runtime).
const CLI_MAIN = join(PACKAGE_DIRECTORY, '../cli/src/main.ts');
const USERS = ['ada', 'grace', 'edsger', 'barbara'];

interface RunningRuntime {
  readonly child: ChildProcess;
  readonly url: string;
  readonly output: () => string;
}

/** `pnpm dev` as a child process (one node process, so SIGKILL takes everything down at once). */
async function startRuntimeProcess(dataDirectory: string): Promise<RunningRuntime> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', CLI_MAIN, 'dev'], {
    cwd: PACKAGE_DIRECTORY,
    env: {
      ...process.env,
      SFE_DATA_DIR: dataDirectory,
      SFE_PORT: String(port),
      SFE_POLL_INTERVAL_MS: '50',
      SFE_VISIBILITY_TIMEOUT_MS: '1000',
      SFE_STREAM_RETRY_DELAY_MS: '50',
      NO_COLOR: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const url = `http://127.0.0.1:${port}`;
  await eventually(
    async () => {
      if (child.exitCode !== null) throw new Error(`the runtime exited: ${output}`);
      return (await fetch(`${url}/status`)).ok || undefined;
    },
    120_000,
    'the runtime to answer',
  );
  return { child, url, output: () => output };
}

/** Performs a moment; `committed` when it answered 201, or 409 because it had committed before a crash. */
async function moment(url: string, name: string, body: unknown): Promise<'committed' | 'unknown'> {
  try {
    const response = await fetch(`${url}/moments/${name}`, {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    });
    if (response.status === 201 || response.status === 409) return 'committed';
    throw new Error(`${name}: ${response.status} ${await response.text()}`);
  } catch (error) {
    if ((error as Error).message.startsWith(name)) throw error;
    return 'unknown';
  }
}

const flows = USERS.map(
  (user) =>
    [
      ['sign-up', { userId: user, email: `${user}@example.com`, name: user.toUpperCase() }],
      ['enrol', { userId: user, courseId: 'eda-101', courseTitle: 'Event-driven architecture' }],
      ['pay', { userId: user, courseId: 'eda-101', amount: 4999, paymentId: `pay-${user}` }],
      ['complete-course', { userId: user, courseId: 'eda-101' }],
    ] as const,
);

/** Powertools' idempotency key hash of an event id (`metadata.id`): md5 of its JSON, base64. */
function idempotencyHash(eventId: string): string {
  return createHash('md5').update(JSON.stringify(eventId)).digest('base64');
}

const children: ChildProcess[] = [];
const data = await temporaryDataDirectory('crash');
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await data.remove();
});

describe('the runtime killed with SIGKILL mid-flow', () => {
  it('still turns every committed change into its events, delivers each to every consumer, and repeats no side effect', async () => {
    const first = await startRuntimeProcess(data.directory);
    children.push(first.child);
    const done = new Set<string>();
    let killed = false;
    // Kill as soon as consumers are at work, while moments are still being written.
    const killer = eventually(
      async () => ((first.output().match(/ deliver /g)?.length ?? 0) >= 2 ? true : undefined),
      120_000,
      'consumers to start delivering',
    ).then(() => {
      first.child.kill('SIGKILL');
      killed = true;
    });
    for (const steps of flows) {
      for (const [name, body] of steps) {
        if (killed) break;
        if ((await moment(first.url, name, body)) === 'committed') done.add(`${body.userId}:${name}`);
      }
    }
    await killer;
    // It may have exited already (while the last moment's request failed): then 'exit' will not fire again.
    if (first.child.exitCode === null && first.child.signalCode === null) {
      await new Promise((resolve) => first.child.once('exit', resolve));
    }
    expect(first.child.signalCode).toBe('SIGKILL');
    // Work was still in flight when it died: not every consumer had caught up.
    expect(done.size).toBeGreaterThan(0);

    // Handlers the kill interrupted: their idempotency record is still INPROGRESS. Only these may run again
    // and repeat a side effect they had made (as in Lambda); every completed delivery must not repeat.
    const store = await openLocalStore({ dataDirectory: data.directory });
    const interrupted = new Set(
      (
        await store.db.query<{ pk: string }>(
          `select pk from items where table_name = 'idempotency' and item->>'status' = 'INPROGRESS'`,
        )
      ).rows.map((row) => row.pk.split('#')[1]),
    );
    await store.close();

    const second = await startRuntimeProcess(data.directory);
    children.push(second.child);
    for (const steps of flows) {
      for (const [name, body] of steps) {
        if (!done.has(`${body.userId}:${name}`))
          expect(await moment(second.url, name, body)).toBe('committed');
      }
    }
    const access = httpRuntimeAccess(second.url, data.directory);
    await access.idle(120_000);

    // Every committed change produced its events (at least once each: ids are deterministic).
    const events = await access.archivedEvents(new Date(0));
    const facts = new Map<string, string>();
    for (const event of events as EventBridgeEvent[]) {
      const metadata = (event.detail as { metadata?: { id: string; type: string; version: number } })
        .metadata;
      const data = (event.detail as { data?: { userId?: string } }).data;
      if (metadata) facts.set(metadata.id, `${data?.userId}:${metadata.type}:v${metadata.version}`);
    }
    const expectedFacts = USERS.flatMap((user) =>
      [
        'UserSignedUp:v1',
        'CourseRegistered:v1',
        'CoursePaymentComplete:v1',
        'PaymentCompleted:v1',
        'CourseCompleted:v2',
        'CourseCompleted:v1',
        'CertificateGenerated:v2',
        'CertificateGenerated:v1',
      ].map((fact) => `${user}:${fact}`),
    );
    expect([...facts.values()].sort()).toStrictEqual(expectedFacts.sort());

    // Every event reached every consumer, and each side effect happened exactly once.
    const effects = async (outbox: string) => {
      const counts = new Map<string, number>();
      // A `.tmp` file is a write the kill interrupted before its rename: never delivered, not a side effect.
      for (const name of (await filesIn(join(data.directory, 'outbox', outbox))).filter(
        (n) => !n.endsWith('.tmp'),
      )) {
        const [, kind, eventId] = /Z-([a-z-]+)-([0-9a-f-]{36})\.[a-z]+$/.exec(name) ?? [];
        counts.set(`${kind} ${eventId}`, (counts.get(`${kind} ${eventId}`) ?? 0) + 1);
      }
      const repeated = [...counts].filter(
        ([effect, count]) => count > 1 && !interrupted.has(idempotencyHash(effect.split(' ')[1] ?? '')),
      );
      return { kinds: [...counts.keys()].map((effect) => effect.split(' ')[0]).sort(), repeated };
    };
    const email = await effects('email');
    expect(email.kinds).toStrictEqual(
      USERS.flatMap(() => ['certificate-ready', 'course-completed', 'receipt', 'welcome']).sort(),
    );
    for (const channel of [await effects('slack'), await effects('telegram')]) {
      expect(channel.kinds).toStrictEqual(
        USERS.flatMap(() => ['course-completed', 'new-signup', 'payment-received']).sort(),
      );
    }
    expect(
      [email, await effects('slack'), await effects('telegram')].flatMap((outbox) => outbox.repeated),
    ).toStrictEqual([]);
    // One PDF per learner, at the key certificate-service recorded in the learner's CERTIFICATE item.
    const keys = await Promise.all(
      USERS.map(async (user) =>
        String((await access.query('platform', `USER#${user}`, 'CERTIFICATE#'))[0]?.objectKey),
      ),
    );
    expect(await filesIn(join(data.directory, 'buckets/certificates/certificates'))).toStrictEqual(
      keys
        .flatMap((key) => [
          key.slice('certificates/'.length),
          `${key.slice('certificates/'.length)}.meta.json`,
        ])
        .sort(),
    );
    const report = await readReport({ query: (pk, skPrefix) => access.query('reporting', pk, skPrefix) });
    expect(report.revenuePerDay.map((row) => [row.amountMinor, row.payments])).toStrictEqual([
      [4999 * USERS.length, USERS.length],
    ]);
    expect(report.completionsPerCourse.map((row) => row.completions)).toStrictEqual([USERS.length]);
    expect(report.accounts.signedUp).toBe(USERS.length);
    expect(await access.listDeadLetters()).toStrictEqual([]);

    second.child.kill('SIGTERM');
    await new Promise((resolve) => second.child.once('exit', resolve));
    // Two runtime starts and up to 120 s for each wait inside: the file's 60 s is too short on a loaded machine.
  }, 600_000);
});
