import { type ChildProcess, spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { httpRuntimeAccess } from '@sfe/local-runtime';
import { readReport } from '@sfe/reporting-service/report';

/**
 * The fault-injection run (issue 13): N business flows (sign-up, enrol, pay, complete a course) against the
 * runtime as a child process, which is SIGKILLed at random moments and restarted, while its adapters fail at
 * random (outbox writes, the certificate store, the stream's PutEvents: scripts/faulty-runtime.ts), plus poison
 * events no consumer can handle. Then every side effect is counted against what was accepted.
 */
export interface FaultOptions {
  readonly flows: number;
  readonly kills: number;
  /** Chance that each outbox write, certificate write and stream publish fails. */
  readonly faultRate: number;
  /** Poison events put on the bus (each fails in every consumer it reaches and must end in a DLQ). */
  readonly poison: number;
  readonly dataDirectory: string;
  /** Flows in flight at once. */
  readonly concurrency?: number;
  /**
   * Flows committed between two waits for the runtime to settle (default 250): the driver commits faster
   * than one process delivers, so without a pause the queues grow by the whole run and every delivery waits
   * behind it. A window keeps the backlog, not the run, the size of the work in flight.
   */
  readonly settleEvery?: number;
  /** Budget of one runtime start (a child process loading every service and PGlite). */
  readonly bootTimeoutMs?: number;
  readonly settleTimeoutMs?: number;
  readonly log?: (line: string) => void;
}

export interface FaultReport {
  readonly flows: number;
  readonly kills: number;
  /** Runtime exits nobody asked for. */
  readonly crashes: number;
  readonly faultRate: number;
  readonly poison: number;
  /** Side effects expected and found, by kind: `expected`, `found` (distinct), `duplicates` (extra files). */
  readonly effects: readonly { kind: string; expected: number; found: number; duplicates: number }[];
  readonly lost: number;
  readonly duplicates: number;
  /** Poison events with a dead letter (with its reason) in a DLQ; other dead letters (should be none). */
  readonly poisonDeadLettered: number;
  readonly deadLettersWithoutReason: number;
  readonly unexpectedDeadLetters: number;
  /** Adapter failures injected, by kind (outbox, certificate-store, stream-publish). */
  readonly injected: Readonly<Record<string, number>>;
  readonly elapsedMs: number;
}

const PACKAGE_DIRECTORY = join(import.meta.dirname, '..');
const FLOW = ['sign-up', 'enrol', 'pay', 'complete-course'] as const;
const COURSE = 'eda-101';
const AMOUNT = 4999;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function body(user: string, step: (typeof FLOW)[number]): unknown {
  switch (step) {
    case 'sign-up':
      return { userId: user, email: `${user}@example.com`, name: `Learner ${user}` };
    case 'enrol':
      return { userId: user, courseId: COURSE, courseTitle: 'Event-driven architecture' };
    case 'pay':
      return { userId: user, courseId: COURSE, amount: AMOUNT, paymentId: `pay-${user}` };
    case 'complete-course':
      return { userId: user, courseId: COURSE };
  }
}

export async function runFaults(options: FaultOptions): Promise<FaultReport> {
  const started = Date.now();
  const log = options.log ?? (() => {});
  const bootTimeoutMs = options.bootTimeoutMs ?? 180_000;
  let child: ChildProcess | undefined;
  let url = '';
  let crashes = 0;
  let expectedExit = false;

  const boot = async () => {
    const port = await freePort();
    expectedExit = false;
    const process_ = spawn(process.execPath, ['--import', 'tsx', 'scripts/faulty-runtime.ts'], {
      cwd: PACKAGE_DIRECTORY,
      env: {
        ...process.env,
        SFE_DATA_DIR: options.dataDirectory,
        SFE_PORT: String(port),
        SFE_POLL_INTERVAL_MS: '50',
        SFE_VISIBILITY_TIMEOUT_MS: '5000',
        // Injected failures are transient: a message that fails 10 times in a row is a real poison.
        SFE_MAX_RECEIVE_COUNT: '10',
        SFE_STREAM_MAX_RETRIES: '-1',
        SFE_STREAM_RETRY_DELAY_MS: '50',
        SFE_FAULT_RATE: String(options.faultRate),
        SFE_SETTING_FFMPEG_PATH: 'none',
        NO_COLOR: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    process_.stdout?.on('data', (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
    });
    process_.stderr?.on('data', (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
    });
    process_.once('exit', (code, signal) => {
      if (!expectedExit) {
        crashes += 1;
        log(`the runtime exited on its own (${code ?? signal}): ${output.slice(-1000)}`);
      }
    });
    child = process_;
    url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + bootTimeoutMs;
    for (;;) {
      if (process_.exitCode !== null) throw new Error(`the runtime exited while starting: ${output}`);
      const up = await fetch(`${url}/status`).then(
        (response) => response.ok,
        () => false,
      );
      if (up) return;
      if (Date.now() > deadline) throw new Error(`the runtime did not start within ${bootTimeoutMs} ms`);
      await sleep(200);
    }
  };

  const kill = async () => {
    const victim = child;
    if (!victim || victim.exitCode !== null) return;
    expectedExit = true;
    const exited = new Promise((resolve) => victim.once('exit', resolve));
    victim.kill('SIGKILL');
    await exited;
  };

  /** A moment until it is known to have committed: 201, or 409 (it committed before a kill hid the answer). */
  const perform = async (user: string, step: (typeof FLOW)[number]) => {
    for (;;) {
      const answer = await fetch(`${url}/moments/${step}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body(user, step)),
      }).catch(() => undefined);
      if (answer?.status === 201 || answer?.status === 409) return;
      if (answer && answer.status !== 404)
        throw new Error(`${step} for ${user}: ${answer.status} ${await answer.text()}`);
      // No answer (the runtime is down, being restarted) or 404 (an earlier step's commit was hidden): again.
      await sleep(100);
    }
  };

  try {
    await boot();
    const users = Array.from({ length: options.flows }, (_, i) => `f${i}`);
    const moments = users.length * FLOW.length;
    // Kill after these many moments: spread at random over the run.
    const killAt = new Set(
      Array.from({ length: options.kills }, () => 1 + Math.floor(Math.random() * Math.max(1, moments - 1))),
    );
    let done = 0;
    let restarting: Promise<void> | undefined;
    const afterMoment = async () => {
      done += 1;
      if (killAt.has(done) && !restarting) {
        killAt.delete(done);
        restarting = (async () => {
          await kill();
          log(`SIGKILL after ${done} of ${moments} moments; restarting`);
          await boot();
        })().finally(() => {
          restarting = undefined;
        });
      }
      if (restarting) await restarting;
    };
    // In rounds of 4 minutes: one long /idle request would outlive fetch's 300 s wait for an answer's headers.
    const settle = async () => {
      const settleBy = Date.now() + (options.settleTimeoutMs ?? 1_800_000);
      for (;;) {
        if (restarting) await restarting;
        // The runtime's address changes with each restart: asked anew each round.
        const settled = await httpRuntimeAccess(url, options.dataDirectory)
          .idle(240_000)
          .then(
            () => true,
            async (error: unknown) => {
              if (Date.now() > settleBy) throw error;
              await sleep(1000);
              return false;
            },
          );
        if (settled) return;
      }
    };
    const window = options.settleEvery ?? 250;
    for (let start = 0; start < users.length; start += window) {
      const chunk = users.slice(start, start + window);
      let next = 0;
      const worker = async () => {
        while (next < chunk.length) {
          const user = chunk[next++] as string;
          for (const step of FLOW) {
            await perform(user, step);
            await afterMoment();
          }
        }
      };
      await Promise.all(Array.from({ length: options.concurrency ?? 4 }, worker));
      log(`${start + chunk.length} of ${users.length} flows committed`);
      if (start + window < users.length) await settle();
    }
    const kills = options.kills - killAt.size;

    // Poison: a UserSignedUp that is not one (no valid metadata): every consumer of it must dead-letter it.
    const poisonIds: string[] = [];
    for (let i = 0; i < options.poison; i++) {
      const answer = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSEvents.PutEvents' },
        body: JSON.stringify({
          Entries: [
            {
              EventBusName: 'platform',
              Source: 'sfe-faults',
              DetailType: 'UserSignedUp',
              Detail: JSON.stringify({ metadata: { id: `poison-${i}` }, data: { poison: true } }),
            },
          ],
        }),
      });
      const result = (await answer.json()) as { Entries: { EventId?: string }[] };
      const id = result.Entries[0]?.EventId;
      if (!id) throw new Error(`poison event ${i} was refused: ${JSON.stringify(result)}`);
      poisonIds.push(id);
    }

    await settle();
    const access = httpRuntimeAccess(url, options.dataDirectory);

    // Count every side effect.
    const effects: FaultReport['effects'][number][] = [];
    const outbox = async (channel: string, kinds: readonly string[]) => {
      const names = await readdir(join(options.dataDirectory, 'outbox', channel)).catch(() => [] as string[]);
      for (const kind of kinds) {
        const keys = names
          .filter((name) => !name.endsWith('.tmp'))
          .map((name) => new RegExp(`Z-${kind}-([0-9a-f-]{36})\\.[a-z]+$`).exec(name)?.[1])
          .filter((key): key is string => key !== undefined);
        const distinct = new Set(keys);
        effects.push({
          kind: `${channel} ${kind}`,
          expected: users.length,
          found: distinct.size,
          duplicates: keys.length - distinct.size,
        });
      }
    };
    await outbox('email', ['welcome', 'receipt', 'course-completed', 'certificate-ready']);
    await outbox('slack', ['new-signup', 'payment-received']);
    await outbox('telegram', ['new-signup', 'payment-received']);
    let certificates = 0;
    for (const user of users) {
      // At the key certificate-service recorded in the learner's CERTIFICATE item (PDFs are keyed by id).
      const [issued] = await access.query('platform', `USER#${user}`, `CERTIFICATE#${COURSE}`);
      const key = typeof issued?.objectKey === 'string' ? issued.objectKey : undefined;
      const pdf = key
        ? await readFile(join(options.dataDirectory, 'buckets/certificates', key)).catch(() => undefined)
        : undefined;
      if (pdf?.subarray(0, 5).toString('latin1') === '%PDF-') certificates += 1;
    }
    effects.push({ kind: 'certificate PDF', expected: users.length, found: certificates, duplicates: 0 });
    const report = await readReport({ query: (pk, skPrefix) => access.query('reporting', pk, skPrefix) });
    const revenue = report.revenuePerDay.reduce((sum, row) => sum + row.amountMinor, 0);
    const counted = (kind: string, value: number, expected: number) =>
      effects.push({
        kind,
        expected,
        found: Math.min(value, expected),
        duplicates: Math.max(0, value - expected),
      });
    counted(
      'report: sign-ups',
      report.signupsPerDay.reduce((sum, row) => sum + row.signups, 0),
      users.length,
    );
    counted(
      'report: payments',
      report.revenuePerDay.reduce((sum, row) => sum + row.payments, 0),
      users.length,
    );
    counted('report: revenue / amount', revenue / AMOUNT, users.length);
    counted(
      'report: completions',
      report.completionsPerCourse.reduce((sum, row) => sum + row.completions, 0),
      users.length,
    );

    const deadLetters = (await access.listDeadLetters()).flatMap((queue) => queue.messages);
    const poisonSet = new Set(poisonIds);
    const deadLettered = new Set<string>();
    let unexpected = 0;
    let withoutReason = 0;
    for (const message of deadLetters) {
      const id = (JSON.parse(message.body) as { id?: string }).id;
      if (id && poisonSet.has(id)) deadLettered.add(id);
      else unexpected += 1;
      if (!message.lastError) withoutReason += 1;
    }
    const injected: Record<string, number> = {};
    const faultLog = await readFile(join(options.dataDirectory, 'faults.log'), 'utf8').catch(() => '');
    for (const line of faultLog.split('\n').filter(Boolean)) {
      const kind = line.split('\t')[0] as string;
      injected[kind] = (injected[kind] ?? 0) + 1;
    }
    return {
      injected,
      flows: users.length,
      kills,
      crashes,
      faultRate: options.faultRate,
      poison: poisonIds.length,
      effects,
      lost: effects.reduce((sum, effect) => sum + (effect.expected - effect.found), 0),
      duplicates: effects.reduce((sum, effect) => sum + effect.duplicates, 0),
      poisonDeadLettered: deadLettered.size,
      deadLettersWithoutReason: withoutReason,
      unexpectedDeadLetters: unexpected,
      elapsedMs: Date.now() - started,
    };
  } finally {
    expectedExit = true;
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child?.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(30_000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }
}

export function formatFaultReport(report: FaultReport): string {
  return [
    `${report.flows} flows, ${report.kills} SIGKILLs, adapter fault rate ${report.faultRate}, ${report.poison} poison events, ${(report.elapsedMs / 1000).toFixed(0)} s`,
    `adapter failures injected: ${
      Object.entries(report.injected)
        .map(([kind, count]) => `${kind} ${count}`)
        .join(', ') || 'none'
    }`,
    '',
    '| side effect | expected | found | duplicates |',
    '| --- | ---: | ---: | ---: |',
    ...report.effects.map(
      (effect) => `| ${effect.kind} | ${effect.expected} | ${effect.found} | ${effect.duplicates} |`,
    ),
    '',
    `lost: ${report.lost}; duplicates: ${report.duplicates}; crashes: ${report.crashes}; poison events dead-lettered with a reason: ${report.poisonDeadLettered} of ${report.poison} (dead letters without a reason: ${report.deadLettersWithoutReason}, not poison: ${report.unexpectedDeadLetters})`,
  ].join('\n');
}
