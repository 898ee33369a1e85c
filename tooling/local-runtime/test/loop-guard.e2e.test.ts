import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  createConsumerHandler,
  DEFAULT_MAX_EVENT_DEPTH,
  LOOP_GUARD_METRIC,
  localIdempotency,
} from '@sfe/consumer-toolkit';
import {
  createEvent,
  type DomainEvent,
  EventType,
  eventDepth,
  type PublishableEvent,
  toPutEventsEntry,
} from '@sfe/events';
import { LOCAL_REPORTING_TABLE, readReport } from '@sfe/reporting-service/report';
import { defineService, IdempotencyConfigShape } from '@sfe/service-definition';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createRuntime, type Runtime } from '../src/runtime';
import { type StartedRuntime, startLocalRuntime } from '../src/start';
import { eventually, filesIn, temporaryDataDirectory } from './helpers';

const run = promisify(execFile);
const LOOP_REASON = (depth: number) =>
  `LoopGuardError: loop guard: depth ${depth} > ${DEFAULT_MAX_EVENT_DEPTH}`;

const learner = { userId: 'loop-learner', courseId: 'loop-101', courseTitle: 'Loops', userName: 'Ada' };
const email = 'ada@example.com';

/** Dead letters, once at least `count` messages are in DLQs. */
async function deadLettersOnce(runtime: Runtime, count: number) {
  return eventually(
    async () => {
      const listings = await runtime.listDeadLetters();
      const messages = listings.reduce((sum, listing) => sum + listing.messages.length, 0);
      return messages >= count ? listings : undefined;
    },
    60_000,
    `${count} dead letters`,
  );
}

describe('a deliberately looping pair of consumers', () => {
  // ping reacts to CourseRegistered with a CourseCompleted; pong reacts to CourseCompleted with a
  // CourseRegistered: a loop by design. Each publishes what it reacts to with `causedBy`, so depth grows.
  const handled: { service: string; type: string; depth: number }[] = [];
  let runtime: Runtime;
  let data: Awaited<ReturnType<typeof temporaryDataDirectory>>;

  const loopingApp = (service: string, reactsTo: 'CourseRegistered' | 'CourseCompleted') =>
    defineService({
      name: service,
      description: 'loops',
      subscriptions: [
        { id: 'loop', bus: 'platform', pattern: { 'detail-type': [reactsTo] }, description: 'loops' },
      ],
      config: z.object({ ...IdempotencyConfigShape }),
      localSettings: { IDEMPOTENCY_TABLE_NAME: 'idempotency' },
      local: async () => ({
        createLocalService: (context, config) => ({
          handlers: {
            loop: createConsumerHandler({
              serviceName: service,
              accepts: [reactsTo],
              idempotency: localIdempotency(context, config.IDEMPOTENCY_TABLE_NAME),
              handle: async (event: DomainEvent) => {
                handled.push({ service, type: event.metadata.type, depth: eventDepth(event) });
                await runtime.bus.putEvents([toPutEventsEntry(reaction(event, service), 'platform')]);
              },
            }),
          },
        }),
      }),
    });

  const reaction = (cause: DomainEvent, service: string): PublishableEvent =>
    cause.metadata.type === EventType.CourseRegistered
      ? createEvent(
          EventType.CourseCompleted,
          { ...learner, email, completedAt: '2026-12-05T10:00:00.000Z' },
          { source: `sfe-${service}`, causedBy: cause },
        )
      : createEvent(
          EventType.CourseRegistered,
          { ...learner, email, enrolledAt: '2026-12-05T09:00:00.000Z' },
          { source: `sfe-${service}`, causedBy: cause },
        );

  beforeAll(async () => {
    data = await temporaryDataDirectory('loop');
    runtime = await createRuntime({
      dataDirectory: data.directory,
      inMemory: true,
      services: [loopingApp('ping', 'CourseRegistered'), loopingApp('pong', 'CourseCompleted')],
      pollIntervalMs: 20,
      queue: { visibilityTimeoutMs: 150, maxReceiveCount: 2 },
    });
    runtime.start();
  });
  afterAll(async () => {
    await runtime?.stop();
    await data?.remove();
  });

  it('is stopped at the limit: handled up to depth 8, the depth-9 event dead-lettered with the reason, nothing further', async () => {
    const start = createEvent(
      EventType.CourseRegistered,
      { ...learner, email, enrolledAt: '2026-12-05T09:00:00.000Z' },
      { source: 'sfe-test' },
    );
    await runtime.bus.putEvents([toPutEventsEntry(start, 'platform')]);

    const listings = await deadLettersOnce(runtime, 1);
    await runtime.idle(30_000);

    expect(handled.map((h) => h.depth)).toStrictEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(handled.map((h) => h.service)).toStrictEqual([
      'ping',
      'pong',
      'ping',
      'pong',
      'ping',
      'pong',
      'ping',
      'pong',
      'ping',
    ]);
    // ping's reaction at depth 8 is a CourseCompleted of depth 9: pong refuses it, twice, then it is a dead letter.
    expect(
      listings.map((l) => [l.queue, l.messages.map((m) => [m.sourceQueue, m.receiveCount, m.lastError])]),
    ).toStrictEqual([['pong-loop-dlq', [['pong-loop', 2, LOOP_REASON(9)]]]]);
    const refused = JSON.parse(listings[0]?.messages[0]?.body ?? '{}');
    expect([refused['detail-type'], refused.detail.metadata.depth]).toStrictEqual(['CourseCompleted', 9]);
    // No side effect past the limit: the bus saw depths 0..9 and nothing deeper.
    // (The dead letter's alarm event, which the runtime puts on the default bus as CloudWatch would, has no depth.)
    const depths = (await runtime.archivedEvents(new Date(0)))
      .filter((e) => e.source !== 'aws.cloudwatch')
      .map((e) => eventDepth(e.detail as DomainEvent));
    expect(depths).toStrictEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // Each refusal is counted: Powertools Metrics' EMF documents land in the function log, as in CloudWatch Logs.
    const log = await readFile(join(data.directory, 'logs/functions.log'), 'utf8');
    const refusals = log
      .split('\n')
      .filter((line) => line.includes(LOOP_GUARD_METRIC))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(refusals.map((m) => [m.service, m[LOOP_GUARD_METRIC]])).toStrictEqual([
      ['pong', 1],
      ['pong', 1],
    ]);
  });
});

describe('aws events put-events of a CourseCompleted 50 steps deep', () => {
  let started: StartedRuntime;
  let data: Awaited<ReturnType<typeof temporaryDataDirectory>>;

  beforeAll(async () => {
    data = await temporaryDataDirectory('loop-cli');
    started = await startLocalRuntime({
      port: 0,
      dataDirectory: data.directory,
      inMemory: true,
      pollIntervalMs: 20,
      queue: { visibilityTimeoutMs: 300, maxReceiveCount: 2 },
    });
  }, 120_000);
  afterAll(async () => {
    await started?.stop();
    await data?.remove();
  });

  it('ends in the certificate, email, notification and reporting DLQs with the loop-guard reason, and creates no certificate', async () => {
    const deep = createEvent(
      EventType.CourseCompleted,
      { ...learner, email, completedAt: '2026-12-05T10:00:00.000Z' },
      // As if caused by an event 49 steps deep.
      { source: 'sfe-cli', causationId: '0a1b2c3d-4e5f-4061-9728-394a5b6c7d8e', causationDepth: 49 },
    );
    expect(deep.metadata.depth).toBe(50);
    const entry = toPutEventsEntry(deep, 'platform');
    // Debian's AWS CLI v2 (installed by .ci/run), by absolute path: the first `aws` on PATH may be an old v1.
    const { stdout } = await run(
      '/usr/bin/aws',
      [
        'events',
        'put-events',
        '--endpoint-url',
        started.url,
        '--entries',
        JSON.stringify([entry]),
        '--output',
        'json',
      ],
      {
        env: {
          PATH: process.env.PATH,
          HOME: data.directory,
          AWS_ACCESS_KEY_ID: 'local',
          AWS_SECRET_ACCESS_KEY: 'local',
          AWS_DEFAULT_REGION: 'us-east-1',
          AWS_EC2_METADATA_DISABLED: 'true',
          AWS_PAGER: '',
        },
        timeout: 60_000,
      },
    );
    expect(JSON.parse(stdout)).toMatchObject({
      FailedEntryCount: 0,
      Entries: [{ EventId: expect.any(String) }],
    });

    const listings = await deadLettersOnce(started.runtime, 4);
    await started.runtime.idle(30_000);
    expect(
      listings.map((l) => [l.queue, l.messages.map((m) => [m.receiveCount, m.lastError])]).sort(),
    ).toStrictEqual([
      ['certificate-service-course-completed-dlq', [[2, LOOP_REASON(50)]]],
      ['email-service-learner-emails-dlq', [[2, LOOP_REASON(50)]]],
      ['notification-service-team-notifications-dlq', [[2, LOOP_REASON(50)]]],
      ['reporting-service-reported-events-dlq', [[2, LOOP_REASON(50)]]],
    ]);
    const platform = started.runtime.store.platformTable;
    expect(await platform.query(`USER#${learner.userId}`, 'CERTIFICATE#')).toStrictEqual([]);
    expect(await filesIn(join(data.directory, 'buckets/certificates/certificates'))).toStrictEqual([]);
    expect(await filesIn(join(data.directory, 'outbox/email'))).toStrictEqual([]);
    // The team hears nothing of the looping event; the ops chat hears of each dead letter (its DLQ's alarm).
    const slack = await filesIn(join(data.directory, 'outbox/slack'));
    expect(slack.filter((file) => !file.includes('-alarm-'))).toStrictEqual([]);
    expect(slack.filter((file) => file.includes('-alarm-'))).toHaveLength(4);
    const report = await readReport(started.runtime.store.table(LOCAL_REPORTING_TABLE));
    expect(report.completionsPerCourse).toStrictEqual([]);
  });
});
