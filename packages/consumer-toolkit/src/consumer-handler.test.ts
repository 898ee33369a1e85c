import {
  createEvent,
  createEventVersion,
  type DomainEvent,
  EVENT_ARCHIVE_RETENTION_DAYS,
  EventType,
} from '@sfe/events';
import { MemoryTableStore } from '@sfe/records';
import { describe, expect, it } from 'vitest';
import {
  type ConsumerContext,
  createConsumerHandler,
  DEFAULT_IDEMPOTENCY_EXPIRY_SECONDS,
  LOOP_GUARD_METRIC,
} from './consumer-handler';
import { CONSUMER_METRICS } from './record-batch';
import { TableStorePersistenceLayer } from './table-store-persistence-layer';
import {
  CapturingLogger,
  CapturingMetrics,
  createTestLambdaContext,
  toEventBridgeEvent,
  toSqsEvent,
  toSqsRecord,
} from './testing';

const source = 'sfe-test-producer';

function signedUp(name = 'Ada Lovelace', depth = 0) {
  return createEvent(
    EventType.UserSignedUp,
    { userId: 'u-1', email: 'ada@example.com', name, signedUpAt: '2026-11-23T09:00:00.000Z' },
    {
      source,
      created: '2026-11-23T09:00:01.250Z',
      // An event `depth` steps from a person's write: caused by one of depth - 1.
      ...(depth > 0
        ? { causationId: '1b3d5f7b-9d1f-4b3d-9f7b-1d3f5b7d9f8a', causationDepth: depth - 1 }
        : {}),
    },
  );
}

function completedV1() {
  return createEventVersion(
    EventType.CourseCompleted,
    1,
    {
      userId: 'u-1',
      courseId: 'c-1',
      courseName: 'Event-Driven Design',
      userName: 'Ada Lovelace',
      email: 'ada@example.com',
      completionDate: '2026-11-20',
    },
    { source },
  );
}

function registered() {
  return createEvent(
    EventType.CourseRegistered,
    {
      userId: 'u-1',
      courseId: 'c-1',
      courseTitle: 'Event-Driven Design',
      userName: 'Ada Lovelace',
      email: 'ada@example.com',
      enrolledAt: '2026-11-01T09:00:00.000Z',
    },
    { source },
  );
}

interface Harness {
  readonly handled: DomainEvent[];
  readonly contexts: ConsumerContext[];
  readonly logger: CapturingLogger;
  readonly store: MemoryTableStore;
  readonly metrics: CapturingMetrics;
  failNext: number;
  readonly handler: ReturnType<typeof createConsumerHandler>;
}

function createHarness(
  options: { fetchClaimCheck?: (url: string) => Promise<Uint8Array>; maxDepth?: number } = {},
): Harness {
  const store = new MemoryTableStore();
  const logger = new CapturingLogger({ serviceName: 'test-consumer' });
  const metrics = new CapturingMetrics({ namespace: 'sfe-test', serviceName: 'test-consumer' });
  const harness = { handled: [], contexts: [], logger, store, metrics, failNext: 0 } as unknown as Harness;
  const handler = createConsumerHandler({
    serviceName: 'test-consumer',
    accepts: [EventType.UserSignedUp, EventType.CourseCompleted],
    idempotency: { persistenceStore: new TableStorePersistenceLayer({ store }) },
    logger,
    metrics,
    ...(options.maxDepth === undefined ? {} : { maxDepth: options.maxDepth }),
    ...(options.fetchClaimCheck ? { fetchClaimCheck: options.fetchClaimCheck } : {}),
    async handle(event, context) {
      context.logger.info('Side effect about to run');
      if (harness.failNext > 0) {
        harness.failNext -= 1;
        throw new Error('mail server unavailable');
      }
      harness.handled.push(event);
      harness.contexts.push(context);
      return { sentTo: `mailbox-${harness.handled.length}` };
    },
  });
  return Object.assign(harness, { handler });
}

const lambdaContext = () => createTestLambdaContext({ functionName: 'test-consumer' });
const recordOf = (event: DomainEvent, messageId: string) =>
  toSqsRecord(toEventBridgeEvent(event), { messageId });

describe('createConsumerHandler', () => {
  it("logs what the handler returns on the record's Handled event line, not in its idempotency record", async () => {
    const harness = createHarness();
    await harness.handler(toSqsEvent([recordOf(signedUp(), 'm-1')]), lambdaContext());
    expect(
      harness.logger.lines.filter((line) => line.message === 'Handled event').map((line) => line.sentTo),
    ).toStrictEqual(['mailbox-1']);
    const records = harness.store.changes.map((change) => change.newImage);
    expect(records.at(-1)).toStrictEqual({
      pk: expect.stringMatching(/^test-consumer#/),
      sk: 'IDEMPOTENCY',
      status: 'COMPLETED',
      expiration: expect.any(Number),
      in_progress_expiration: expect.any(Number),
    });
  });

  it('hands a valid record to the handler, parsed, with its SQS delivery details', async () => {
    const harness = createHarness();
    const event = signedUp();
    const response = await harness.handler(
      toSqsEvent([toSqsRecord(toEventBridgeEvent(event), { messageId: 'm-1', receiveCount: 2 })]),
      lambdaContext(),
    );
    expect(response).toStrictEqual({ batchItemFailures: [] });
    expect(harness.handled).toStrictEqual([event]);
    expect(harness.contexts[0]?.messageId).toBe('m-1');
    expect(harness.contexts[0]?.receiveCount).toBe(2);
  });

  it('runs the side effect once when the same event is delivered twice', async () => {
    const harness = createHarness();
    const event = signedUp();
    const first = await harness.handler(
      toSqsEvent([recordOf(event, 'm-1'), recordOf(event, 'm-2')]),
      lambdaContext(),
    );
    const again = await harness.handler(toSqsEvent([recordOf(event, 'm-3')]), lambdaContext());
    expect(first).toStrictEqual({ batchItemFailures: [] });
    expect(again).toStrictEqual({ batchItemFailures: [] });
    expect(harness.handled.map((e) => e.metadata.id)).toStrictEqual([event.metadata.id]);
    const skipped = harness.logger.lines.filter((l) => l.message.startsWith('Skipped duplicate'));
    expect(skipped.map((l) => l.eventId)).toStrictEqual([event.metadata.id, event.metadata.id]);
  });

  it('fails only the malformed, unknown-version and unaccepted records of a batch', async () => {
    const harness = createHarness();
    const good = signedUp();
    const unknownVersion = toEventBridgeEvent(signedUp('Grace Hopper'));
    (unknownVersion.detail as { metadata: { version: number } }).metadata.version = 7;
    const badPayload = toEventBridgeEvent(signedUp('Alan Turing'));
    (badPayload.detail as { data: { email: string } }).data.email = 'not an email';
    const notEventBridge = { hello: 'world' };
    const response = await harness.handler(
      toSqsEvent([
        toSqsRecord('{"truncated": ', { messageId: 'not-json' }),
        toSqsRecord(unknownVersion, { messageId: 'unknown-version' }),
        recordOf(good, 'good'),
        toSqsRecord(badPayload, { messageId: 'bad-payload' }),
        recordOf(registered(), 'unaccepted'),
        toSqsRecord(notEventBridge, { messageId: 'not-eventbridge' }),
        recordOf(completedV1(), 'accepted-old-version'),
      ]),
      lambdaContext(),
    );
    expect(response).toStrictEqual({
      batchItemFailures: [
        { itemIdentifier: 'not-json' },
        { itemIdentifier: 'unknown-version' },
        { itemIdentifier: 'bad-payload' },
        { itemIdentifier: 'unaccepted' },
        { itemIdentifier: 'not-eventbridge' },
      ],
    });
    expect(harness.handled.map((e) => `${e.metadata.type} v${e.metadata.version}`)).toStrictEqual([
      'UserSignedUp v1',
      'CourseCompleted v1',
    ]);
    const reasons = Object.fromEntries(
      harness.logger.lines.filter((l) => l.level === 'ERROR').map((l) => [l.messageId, l.reason]),
    );
    expect(reasons).toStrictEqual({
      'not-json': expect.stringContaining('Invalid JSON'),
      'unknown-version': expect.stringContaining('unsupported version 7 of UserSignedUp (accepted: 1)'),
      'bad-payload': expect.stringContaining('data.email'),
      unaccepted: expect.stringContaining('event type "CourseRegistered" is not accepted'),
      'not-eventbridge': expect.stringContaining('detail-type'),
    });
  });

  it('reports every record when the whole batch fails, so SQS retries exactly those', async () => {
    const harness = createHarness();
    const response = await harness.handler(
      toSqsEvent([toSqsRecord('nope', { messageId: 'a' }), toSqsRecord('[]', { messageId: 'b' })]),
      lambdaContext(),
    );
    expect(response).toStrictEqual({ batchItemFailures: [{ itemIdentifier: 'a' }, { itemIdentifier: 'b' }] });
  });

  it('fails a record whose handler throws, and a retry afterwards runs the side effect', async () => {
    const harness = createHarness();
    harness.failNext = 1;
    const event = signedUp();
    const failed = await harness.handler(
      toSqsEvent([recordOf(event, 'm-1'), recordOf(signedUp('Grace Hopper'), 'm-2')]),
      lambdaContext(),
    );
    expect(failed).toStrictEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }] });
    expect(harness.handled).toHaveLength(1);
    // The failed attempt left no idempotency record behind: only the successful event's remains.
    const statuses = harness.store.changes.filter((c) => c.newImage).map((c) => c.newImage?.status);
    expect(statuses).toStrictEqual(['INPROGRESS', 'INPROGRESS', 'COMPLETED']);

    const retried = await harness.handler(
      toSqsEvent([toSqsRecord(toEventBridgeEvent(event), { messageId: 'm-1', receiveCount: 2 })]),
      lambdaContext(),
    );
    expect(retried).toStrictEqual({ batchItemFailures: [] });
    expect(harness.handled.map((e) => e.metadata.id)).toContain(event.metadata.id);
    expect(harness.handled).toHaveLength(2);
  });

  it('defers a record while the same event is in progress elsewhere, then handles it once', async () => {
    const harness = createHarness();
    const event = signedUp();
    let release: () => void = () => undefined;
    const slow = createConsumerHandler({
      serviceName: 'test-consumer',
      accepts: [EventType.UserSignedUp],
      idempotency: { persistenceStore: new TableStorePersistenceLayer({ store: harness.store }) },
      logger: harness.logger,
      metrics: new CapturingMetrics({ namespace: 'sfe-test', serviceName: 'test-consumer' }),
      handle: () => new Promise<void>((resolve) => (release = resolve)),
    });
    const inFlight = slow(toSqsEvent([recordOf(event, 'm-1')]), lambdaContext());
    await new Promise((resolve) => setTimeout(resolve, 20));
    const concurrent = await harness.handler(toSqsEvent([recordOf(event, 'm-2')]), lambdaContext());
    expect(concurrent).toStrictEqual({ batchItemFailures: [{ itemIdentifier: 'm-2' }] });
    expect(harness.logger.lines.some((l) => l.level === 'WARN' && l.messageId === 'm-2')).toBe(true);
    expect(harness.metrics.total(CONSUMER_METRICS.deferred)).toBe(1);
    expect(harness.metrics.total(CONSUMER_METRICS.failed)).toBe(0);
    release();
    expect(await inFlight).toStrictEqual({ batchItemFailures: [] });
    expect(await harness.handler(toSqsEvent([recordOf(event, 'm-2')]), lambdaContext())).toStrictEqual({
      batchItemFailures: [],
    });
    expect(harness.handled).toHaveLength(0);
  });

  it("tags every log line of a record with the event's correlation, type, id and version, then clears them", async () => {
    const harness = createHarness();
    const event = signedUp();
    const broken = toEventBridgeEvent(completedV1());
    (broken.detail as { data: { email: string } }).data.email = 'nope';
    await harness.handler(
      toSqsEvent([recordOf(event, 'm-1'), toSqsRecord(broken, { messageId: 'm-2' })]),
      lambdaContext(),
    );
    harness.logger.info('after the batch');

    const lines = harness.logger.lines.map((l) => ({
      message: l.message,
      correlationId: l.correlationId,
      eventType: l.eventType,
      eventId: l.eventId,
      eventVersion: l.eventVersion,
    }));
    const brokenMetadata = (broken.detail as DomainEvent).metadata;
    expect(lines).toStrictEqual([
      {
        message: 'Side effect about to run',
        correlationId: event.metadata.correlationId,
        eventType: 'UserSignedUp',
        eventId: event.metadata.id,
        eventVersion: 1,
      },
      {
        message: 'Handled event',
        correlationId: event.metadata.correlationId,
        eventType: 'UserSignedUp',
        eventId: event.metadata.id,
        eventVersion: 1,
      },
      {
        message: 'Record failed: it returns to the queue and reaches the DLQ after maxReceiveCount',
        correlationId: brokenMetadata.correlationId,
        eventType: 'CourseCompleted',
        eventId: brokenMetadata.id,
        eventVersion: 1,
      },
      {
        message: 'after the batch',
        correlationId: undefined,
        eventType: undefined,
        eventId: undefined,
        eventVersion: undefined,
      },
    ]);
    expect(harness.logger.lines[0]?.service).toBe('test-consumer');
  });

  it('restores a claim-checked payload before handling it, and fails it without a fetcher', async () => {
    const event = signedUp();
    const body = Buffer.from(JSON.stringify(event.data), 'utf8');
    const { createHash } = await import('node:crypto');
    const reference = {
      claimCheck: {
        url: 'https://claims.example.com/u-1.json',
        sha256: createHash('sha256').update(body).digest('hex'),
        bytes: body.byteLength,
      },
    };
    const checked = toEventBridgeEvent({ metadata: event.metadata, data: reference as never });
    const withFetcher = createHarness({ fetchClaimCheck: async () => new Uint8Array(body) });
    const without = createHarness();

    const restored = await withFetcher.handler(
      toSqsEvent([toSqsRecord(checked, { messageId: 'm-1' })]),
      lambdaContext(),
    );
    const rejected = await without.handler(
      toSqsEvent([toSqsRecord(checked, { messageId: 'm-1' })]),
      lambdaContext(),
    );

    expect(restored).toStrictEqual({ batchItemFailures: [] });
    expect(withFetcher.handled[0]?.data).toStrictEqual(event.data);
    expect(rejected).toStrictEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }] });
    expect(without.handled).toStrictEqual([]);
  });
});

describe('the loop guard', () => {
  const reasonsOf = (harness: Harness) =>
    harness.logger.lines.filter((l) => l.level === 'ERROR').map((l) => [l.messageId, l.reason]);

  it('handles an event at the limit (8 by default) and refuses one past it, before any side effect', async () => {
    const harness = createHarness();
    const atLimit = signedUp('At Limit', 8);
    const past = signedUp('Past Limit', 9);
    const response = await harness.handler(
      toSqsEvent([recordOf(atLimit, 'at-limit'), recordOf(past, 'past-limit')]),
      lambdaContext(),
    );
    expect(response).toStrictEqual({ batchItemFailures: [{ itemIdentifier: 'past-limit' }] });
    expect(harness.handled.map((e) => e.metadata.depth)).toStrictEqual([8]);
    expect(reasonsOf(harness)).toStrictEqual([['past-limit', 'LoopGuardError: loop guard: depth 9 > 8']]);
    // No idempotency record either: only the handled event left one (written in progress, then completed).
    expect(new Set(harness.store.changes.map((change) => change.key.pk)).size).toBe(1);
  });

  it('counts each refusal in the LoopGuardRefusals metric, and nothing when it refuses nothing', async () => {
    const harness = createHarness();
    await harness.handler(toSqsEvent([recordOf(signedUp('Ada', 3), 'ok')]), lambdaContext());
    expect(harness.metrics.total(LOOP_GUARD_METRIC)).toBe(0);
    const past = signedUp('Loop', 50);
    await harness.handler(toSqsEvent([recordOf(past, 'first')]), lambdaContext());
    await harness.handler(toSqsEvent([recordOf(past, 'redelivered')]), lambdaContext());
    expect(harness.metrics.total(LOOP_GUARD_METRIC)).toBe(2);
    expect(harness.metrics.published[1]).toMatchObject({
      service: 'test-consumer',
      [LOOP_GUARD_METRIC]: 1,
      _aws: { CloudWatchMetrics: [{ Namespace: 'sfe-test', Dimensions: [['service']] }] },
    });
    expect(harness.handled).toStrictEqual([
      expect.objectContaining({ data: expect.objectContaining({ name: 'Ada' }) }),
    ]);
  });

  it('takes a configured limit', async () => {
    const harness = createHarness({ maxDepth: 2 });
    const response = await harness.handler(
      toSqsEvent([recordOf(signedUp('Two', 2), 'two'), recordOf(signedUp('Three', 3), 'three')]),
      lambdaContext(),
    );
    expect(response).toStrictEqual({ batchItemFailures: [{ itemIdentifier: 'three' }] });
    expect(reasonsOf(harness)).toStrictEqual([['three', 'LoopGuardError: loop guard: depth 3 > 2']]);
  });

  it('reads an event without a depth (published before the field existed) as depth 0', async () => {
    const harness = createHarness({ maxDepth: 0 });
    const old = signedUp();
    expect('depth' in old.metadata).toBe(false);
    expect(await harness.handler(toSqsEvent([recordOf(old, 'old')]), lambdaContext())).toStrictEqual({
      batchItemFailures: [],
    });
    expect(harness.handled).toStrictEqual([old]);
  });
});

describe('the batch metrics', () => {
  it('publishes one EMF document per batch counting processed, duplicate-skipped and failed records', async () => {
    const harness = createHarness();
    const first = signedUp();
    const broken = toEventBridgeEvent(signedUp());
    (broken.detail as { data: { email: string } }).data.email = 'nope';
    await harness.handler(toSqsEvent([recordOf(first, 'm-1')]), lambdaContext());
    harness.failNext = 1;
    await harness.handler(
      toSqsEvent([
        recordOf(first, 'm-1-again'),
        recordOf(registered(), 'unaccepted'),
        toSqsRecord(broken, { messageId: 'invalid' }),
        recordOf(completedV1(), 'throws'),
      ]),
      lambdaContext(),
    );

    expect(harness.metrics.published).toHaveLength(2);
    const [one, two] = harness.metrics.published as unknown as Record<string, unknown>[];
    const metricNames = (document: Record<string, unknown> | undefined) =>
      (document?._aws as { CloudWatchMetrics: { Metrics: unknown[] }[] } | undefined)?.CloudWatchMetrics[0]
        ?.Metrics;
    expect(one).toMatchObject({ service: 'test-consumer', [CONSUMER_METRICS.processed]: 1 });
    expect(metricNames(one)).toStrictEqual([{ Name: CONSUMER_METRICS.processed, Unit: 'Count' }]);
    expect(two).toMatchObject({
      service: 'test-consumer',
      [CONSUMER_METRICS.duplicateSkipped]: 1,
      [CONSUMER_METRICS.failed]: 3,
    });
    expect(two?.[CONSUMER_METRICS.processed]).toBeUndefined();
    expect(two?._aws).toMatchObject({
      CloudWatchMetrics: [{ Namespace: 'sfe-test', Dimensions: [['service']] }],
    });
  });

  it("publishes the use case's own counts (context.count) with the batch's, one value per metric", async () => {
    const metrics = new CapturingMetrics({ namespace: 'sfe-test', serviceName: 'test-consumer' });
    const handler = createConsumerHandler({
      serviceName: 'test-consumer',
      accepts: [EventType.UserSignedUp],
      idempotency: { persistenceStore: new TableStorePersistenceLayer({ store: new MemoryTableStore() }) },
      logger: new CapturingLogger({ serviceName: 'test-consumer' }),
      metrics,
      async handle(event, context) {
        if ((event.data as { name: string }).name === 'Skipped') context.count('LearnersSkipped');
      },
    });
    const named = (name: string) => signedUp(name);
    await handler(
      toSqsEvent([
        recordOf(named('Skipped'), 'm-1'),
        recordOf(named('Ada'), 'm-2'),
        recordOf(named('Skipped'), 'm-3'),
      ]),
      lambdaContext(),
    );
    await handler(toSqsEvent([recordOf(named('Ada'), 'm-4')]), lambdaContext());

    const [one, two] = metrics.published as unknown as Record<string, unknown>[];
    expect(one).toMatchObject({ LearnersSkipped: 2, [CONSUMER_METRICS.processed]: 3 });
    // Counts belong to their batch: the next one starts from nothing.
    expect(two?.LearnersSkipped).toBeUndefined();
    expect(metrics.total('LearnersSkipped')).toBe(2);
  });
});

describe('the personal data in log lines', () => {
  const personal = ['ada@example.com', 'Ada Lovelace'];
  const leaks = (harness: Harness) =>
    harness.logger.lines
      .map((line) => JSON.stringify(line))
      .filter(
        (line) => personal.some((value) => line.includes(value)) || line.includes('claims.example.com'),
      );

  it("is replaced in every line of a record, the handler's and an error quoting it included", async () => {
    const store = new MemoryTableStore();
    const logger = new CapturingLogger({ serviceName: 'test-consumer' });
    const handler = createConsumerHandler({
      serviceName: 'test-consumer',
      accepts: [EventType.UserSignedUp],
      idempotency: { persistenceStore: new TableStorePersistenceLayer({ store }) },
      logger,
      metrics: new CapturingMetrics({ namespace: 'sfe-test', serviceName: 'test-consumer' }),
      async handle(event, context) {
        context.logger.info('About to mail', { to: event.data.email, name: event.data.name });
        throw new Error(`MessageRejected: Email address is not verified: ${event.data.email}`);
      },
    });
    const response = await handler(toSqsEvent([recordOf(signedUp(), 'm-1')]), lambdaContext());

    expect(response).toStrictEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }] });
    expect(logger.lines.map((line) => [line.message, line.to, line.name, line.reason])).toStrictEqual([
      ['About to mail', '[redacted]', '[redacted]', undefined],
      [
        'Record failed: it returns to the queue and reaches the DLQ after maxReceiveCount',
        undefined,
        undefined,
        'Error: MessageRejected: Email address is not verified: [redacted]',
      ],
    ]);
    expect(leaks({ logger } as Harness)).toStrictEqual([]);
  });

  it('is replaced in the line of a record that fails validation, and a claim-check link never shows', async () => {
    const harness = createHarness({
      fetchClaimCheck: async (url) => {
        throw new Error(`GET ${url} answered 403`);
      },
    });
    const broken = toEventBridgeEvent(signedUp());
    (broken.detail as { data: { signedUpAt: string } }).data.signedUpAt = 'yesterday';
    const event = signedUp();
    const checked = toEventBridgeEvent({
      metadata: { ...event.metadata, id: '5b0f3c2e-8d1a-4e6b-9c7d-2a4f6e8b0c1d' },
      data: {
        claimCheck: {
          url: 'https://claims.example.com/claim-checks/UserSignedUp/x.json?X-Amz-Signature=f00',
          sha256: 'a'.repeat(64),
          bytes: 10,
        },
      } as never,
    });
    const response = await harness.handler(
      toSqsEvent([
        toSqsRecord(broken, { messageId: 'invalid' }),
        toSqsRecord(checked, { messageId: 'checked' }),
      ]),
      lambdaContext(),
    );
    expect(response.batchItemFailures).toHaveLength(2);
    expect(harness.logger.lines.map((line) => line.reason)).toStrictEqual([
      'EventValidationError: Invalid UserSignedUp v1 event: data.signedUpAt: Invalid ISO datetime',
      'ClaimCheckError: claim check [redacted] could not be fetched: GET [redacted] answered 403',
    ]);
    expect(leaks(harness)).toStrictEqual([]);
  });
});

describe('DEFAULT_IDEMPOTENCY_EXPIRY_SECONDS', () => {
  it("outlasts every stage's archive retention, so a replay finds every handled event's record", () => {
    for (const days of Object.values(EVENT_ARCHIVE_RETENTION_DAYS)) {
      expect(DEFAULT_IDEMPOTENCY_EXPIRY_SECONDS).toBeGreaterThan(days * 24 * 60 * 60);
    }
    expect(DEFAULT_IDEMPOTENCY_EXPIRY_SECONDS).toBe((90 + 1) * 24 * 60 * 60);
  });

  it('still skips an event handled 90 days ago', async () => {
    const harness = createHarness();
    const event = signedUp();
    const start = Date.UTC(2026, 10, 23);
    const clock = { now: start };
    const realNow = Date.now;
    Date.now = () => clock.now;
    try {
      await harness.handler(toSqsEvent([recordOf(event, 'm-1')]), lambdaContext());
      clock.now = start + 90 * 24 * 60 * 60 * 1000;
      await harness.handler(toSqsEvent([recordOf(event, 'replayed')]), lambdaContext());
    } finally {
      Date.now = realNow;
    }
    expect(harness.handled).toHaveLength(1);
    expect(harness.metrics.total(CONSUMER_METRICS.duplicateSkipped)).toBe(1);
  });
});
