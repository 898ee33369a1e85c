import { FullBatchFailureError } from '@aws-lambda-powertools/batch';
import { CapturingMetrics } from '@sfe/consumer-toolkit/testing';
import type { ClaimCheckStore, PutEventsEntry } from '@sfe/events';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createRecordingLog, fixtureRecord, withIdentity } from '../test/support';
import type { DeadLetter } from './adapters/dead-letter-sink';
import type { EventPublisher, FailedEntry } from './adapters/event-publisher';
import { createMemoryDeadLetterSink } from './adapters/memory-dead-letter-sink';
import { createMemoryEventPublisher } from './adapters/memory-event-publisher';
import { createHandler, EVENTS_PUBLISHED_METRIC, type HandlerDeps } from './handler';

function memoryClaimChecks() {
  const stored = new Map<string, string>();
  const store: ClaimCheckStore = {
    async put(key, body) {
      stored.set(key, Buffer.from(body).toString('utf8'));
      return `https://claims.example.com/${key}`;
    },
  };
  return { store, stored };
}

function setup(overrides: Partial<HandlerDeps> = {}) {
  const publisher = createMemoryEventPublisher();
  const deadLetters = createMemoryDeadLetterSink();
  const claimChecks = memoryClaimChecks();
  const logger = createRecordingLog();
  const sleeps: number[] = [];
  const deps: HandlerDeps = {
    publisher,
    deadLetters,
    claimCheckStore: claimChecks.store,
    busName: 'sfe-test-bus',
    emitCourseCompletedV1: true,
    logger,
    sleep: async (ms) => void sleeps.push(ms),
    random: () => 0.5,
    ...overrides,
  };
  return { handler: createHandler(deps), publisher, deadLetters, claimChecks, logger, sleeps };
}

const batch = (...records: DynamoDBRecord[]): DynamoDBStreamEvent => ({ Records: records });
const detailTypes = (entries: readonly PutEventsEntry[]) => entries.map((e) => e.DetailType);
const sequenceOf = (record: DynamoDBRecord) => record.dynamodb?.SequenceNumber as string;

/** Rejects, on every attempt, the entries whose Detail mentions `needle`. */
function rejecting(needle: string, accepted: PutEventsEntry[] = []): EventPublisher {
  return {
    async putEvents(entries) {
      const failed: FailedEntry[] = [];
      entries.forEach((entry, index) => {
        if (entry.Detail.includes(needle))
          failed.push({ index, errorCode: 'InternalException', errorMessage: 'boom' });
        else accepted.push(entry);
      });
      return { failed };
    },
  };
}

describe('createHandler', () => {
  it('publishes the events of every transition in a batch and reports no failures', async () => {
    const { handler, publisher } = setup();
    const names = ['user-signed-up', 'course-registered', 'course-completed', 'course-payment-complete'];
    const response = await handler(batch(...names.map(fixtureRecord)));
    expect(response).toStrictEqual({ batchItemFailures: [] });
    // CourseCompleted changes the item CourseRegistered created, so it waits for it; the payment does not.
    expect(detailTypes(publisher.entries())).toStrictEqual([
      'UserSignedUp',
      'CourseRegistered',
      'CoursePaymentComplete',
      'PaymentCompleted',
      'CourseCompleted',
      'CourseCompleted',
    ]);
    expect(publisher.requests.map((r) => r.length)).toStrictEqual([4, 2]);
    expect(
      publisher
        .entries()
        .every((e) => e.EventBusName === 'sfe-test-bus' && e.Source === 'sfe-stream-processor'),
    ).toBe(true);
  });

  it('publishes nothing for non-transitions, saying so at debug level, and warns about unknown entity types', async () => {
    const { handler, publisher, logger } = setup();
    const records = [
      'user-avatar-changed',
      'enrolment-progress-updated',
      'enrolment-removed',
      'ttl-delete',
    ].map(fixtureRecord);
    const unknown = fixtureRecord('unknown-entity');
    const response = await handler(batch(...records, unknown));
    expect(response).toStrictEqual({ batchItemFailures: [] });
    expect(publisher.requests).toStrictEqual([]);
    const debug = logger.lines.filter((l) => l.level === 'debug');
    expect(debug.map((l) => [l.message, l.attributes.eventID, l.attributes.reason])).toStrictEqual([
      ['no transition: nothing to publish', records[0]?.eventID, 'MODIFY of USER is not a transition'],
      ['no transition: nothing to publish', records[1]?.eventID, 'MODIFY of ENROLMENT is not a transition'],
      ['no transition: nothing to publish', records[2]?.eventID, 'REMOVE'],
      ['no transition: nothing to publish', records[3]?.eventID, 'TTL delete'],
    ]);
    const warnings = logger.lines.filter((l) => l.level === 'warn');
    expect(warnings.map((l) => [l.message, l.attributes.entityType])).toStrictEqual([
      ['skipped a record of an unknown entity type', 'SESSION'],
    ]);
  });

  it('sends a malformed record to the dead-letter sink with its reason, and the rest of the batch succeeds', async () => {
    const { handler, publisher, deadLetters } = setup();
    const malformed = fixtureRecord('malformed-invalid-item');
    const unmarshal = fixtureRecord('malformed-unmarshal');
    const good = fixtureRecord('certificate-generated');
    const response = await handler(batch(malformed, unmarshal, good));
    expect(response).toStrictEqual({ batchItemFailures: [] });
    expect(detailTypes(publisher.entries())).toStrictEqual(['CertificateGenerated', 'CertificateGenerated']);
    expect(deadLetters.letters).toStrictEqual<DeadLetter[]>([
      {
        reason: `record ${malformed.eventID}: NewImage is not a valid USER item: email: Invalid email address`,
        record: malformed,
      },
      {
        reason: `record ${unmarshal.eventID}: NewImage does not unmarshal: Unsupported type passed: X`,
        record: unmarshal,
      },
    ]);
  });

  it('fails a malformed record when the dead-letter sink is down, rather than losing it', async () => {
    const { handler } = setup({
      deadLetters: {
        send: async () => {
          throw new Error('SQS unavailable');
        },
      },
    });
    const malformed = fixtureRecord('malformed-invalid-item');
    const response = await handler(batch(fixtureRecord('user-signed-up'), malformed));
    expect(response).toStrictEqual({ batchItemFailures: [{ itemIdentifier: sequenceOf(malformed) }] });
  });

  it('retries a rejected entry and succeeds without failing its record', async () => {
    let rejectedOnce = false;
    const accepted: PutEventsEntry[] = [];
    const publisher: EventPublisher = {
      async putEvents(entries) {
        const failed: FailedEntry[] = [];
        entries.forEach((entry, index) => {
          if (entry.DetailType === 'VideoPublished' && !rejectedOnce) {
            rejectedOnce = true;
            failed.push({ index, errorCode: 'ThrottlingException', errorMessage: 'slow down' });
          } else accepted.push(entry);
        });
        return { failed };
      },
    };
    const { handler, sleeps } = setup({ publisher });
    const response = await handler(batch(fixtureRecord('user-signed-up'), fixtureRecord('video-published')));
    expect(response).toStrictEqual({ batchItemFailures: [] });
    expect(detailTypes(accepted)).toStrictEqual(['UserSignedUp', 'VideoPublished']);
    expect(sleeps).toStrictEqual([50]);
  });

  it('fails only the record whose event is still rejected after every retry (partial failure)', async () => {
    const accepted: PutEventsEntry[] = [];
    const { handler, sleeps, logger } = setup({ publisher: rejecting('VideoProcessingFailed', accepted) });
    const failing = fixtureRecord('video-processing-failed');
    const response = await handler(
      batch(fixtureRecord('user-signed-up'), failing, fixtureRecord('course-registered')),
    );
    expect(response).toStrictEqual({ batchItemFailures: [{ itemIdentifier: sequenceOf(failing) }] });
    expect(detailTypes(accepted)).toStrictEqual(['UserSignedUp', 'CourseRegistered']);
    expect(sleeps).toHaveLength(3); // four attempts
    const error = logger.lines.find((l) => l.level === 'error');
    expect(error?.attributes.error).toMatch(
      /^PublishError: record \w+: 1 of 1 events not accepted by EventBridge: VideoProcessingFailed v1 [0-9a-f-]+: InternalException \(boom\) after 4 attempts$/,
    );
  });

  it('fails a record when one of its two events is rejected (CourseCompleted v1 beside v2)', async () => {
    const publisher: EventPublisher = {
      async putEvents(entries) {
        return {
          failed: entries.flatMap((e, index) =>
            e.Detail.includes('"version":1,"created"') && e.DetailType === 'CourseCompleted'
              ? [{ index, errorCode: 'InternalException', errorMessage: 'v1 rejected' }]
              : [],
          ),
        };
      },
    };
    const { handler } = setup({ publisher });
    const record = fixtureRecord('course-completed');
    const response = await handler(batch(record, fixtureRecord('user-signed-up')));
    expect(response).toStrictEqual({ batchItemFailures: [{ itemIdentifier: sequenceOf(record) }] });
  });

  it('holds back later changes to an item whose earlier change failed, but not other items', async () => {
    const accepted: PutEventsEntry[] = [];
    const { handler } = setup({ publisher: rejecting('CourseRegistered', accepted) });
    const registered = fixtureRecord('course-registered');
    const completed = fixtureRecord('course-completed'); // same item, later in the shard
    const otherItem = fixtureRecord('video-published');
    const response = await handler(batch(registered, completed, otherItem));
    expect(response).toStrictEqual({
      batchItemFailures: [
        { itemIdentifier: sequenceOf(registered) },
        { itemIdentifier: sequenceOf(completed) },
      ],
    });
    // CourseCompleted never reached the bus ahead of the CourseRegistered it follows.
    expect(detailTypes(accepted)).toStrictEqual(['VideoPublished']);
  });

  it('publishes a later change of an item after its earlier change succeeded', async () => {
    const { handler, publisher } = setup();
    const response = await handler(
      batch(fixtureRecord('course-registered'), fixtureRecord('course-completed')),
    );
    expect(response).toStrictEqual({ batchItemFailures: [] });
    expect(detailTypes(publisher.entries())).toStrictEqual([
      'CourseRegistered',
      'CourseCompleted',
      'CourseCompleted',
    ]);
  });

  it('republishes byte-identical entries when Lambda retries the same batch', async () => {
    const event = batch(
      ...[
        'user-signed-up',
        'course-completed',
        'course-payment-complete',
        'support-ticket-opened',
        'video-published',
      ].map(fixtureRecord),
    );
    const first = setup();
    const second = setup();
    await first.handler(structuredClone(event));
    await second.handler(structuredClone(event));
    expect(second.publisher.entries()).toStrictEqual(first.publisher.entries());
    expect(first.publisher.entries()).toHaveLength(7);
  });

  it('publishes a sensitive SupportTicketOpened by claim check, never inline', async () => {
    const { handler, publisher, claimChecks } = setup();
    const record = fixtureRecord('support-ticket-opened');
    await handler(batch(record));
    const [entry] = publisher.entries();
    const detail = JSON.parse(entry?.Detail ?? '{}');
    const key = `claim-checks/SupportTicketOpened/${detail.metadata.id}.json`;
    expect(detail.data).toStrictEqual({
      claimCheck: {
        url: `https://claims.example.com/${key}`,
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        bytes: expect.any(Number),
      },
    });
    expect(entry?.Detail).not.toContain('I cannot download my certificate');
    expect(JSON.parse(claimChecks.stored.get(key) ?? '{}')).toStrictEqual({
      ticketId: 't-3001',
      userId: 'u-1001',
      subject: 'I cannot download my certificate',
      openedAt: '2026-11-21T10:00:00.000Z',
    });
  });

  it('fails a record whose claim check cannot be stored, and only that record', async () => {
    const { handler, publisher } = setup({
      claimCheckStore: {
        put: async () => {
          throw new Error('S3 503');
        },
      },
    });
    const ticket = fixtureRecord('support-ticket-opened');
    const response = await handler(batch(ticket, fixtureRecord('user-signed-up')));
    expect(response).toStrictEqual({ batchItemFailures: [{ itemIdentifier: sequenceOf(ticket) }] });
    expect(detailTypes(publisher.entries())).toStrictEqual(['UserSignedUp']);
  });

  it('logs each published record with its correlation id and event ids', async () => {
    const { handler, logger } = setup();
    const record = fixtureRecord('course-completed');
    await handler(batch(record));
    const info = logger.lines.filter((l) => l.level === 'info');
    expect(info).toHaveLength(1);
    expect(info[0]?.attributes).toMatchObject({
      eventID: record.eventID,
      sequenceNumber: sequenceOf(record),
      correlationId: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b',
      events: [
        { type: 'CourseCompleted', version: 2, id: expect.any(String) },
        { type: 'CourseCompleted', version: 1, id: expect.any(String) },
      ],
    });
  });

  it('throws when every record failed, so Lambda counts an error and bisects the batch', async () => {
    const { handler } = setup({ publisher: rejecting('"metadata"') });
    await expect(handler(batch(fixtureRecord('user-signed-up')))).rejects.toBeInstanceOf(
      FullBatchFailureError,
    );
  });

  it('processes a 1,000-record batch in full PutEvents requests of at most 10 entries', async () => {
    const { handler, publisher, deadLetters } = setup();
    const kinds = [
      'user-signed-up',
      'course-registered',
      'course-completed',
      'course-payment-complete',
      'certificate-generated',
      'video-published',
      'video-processing-failed',
      'support-ticket-opened',
      'enrolment-progress-updated',
      'user-avatar-changed',
    ];
    const records = Array.from({ length: 1_000 }, (_, i) => {
      const record = withIdentity(
        fixtureRecord(kinds[i % kinds.length] as string),
        `evt-${i.toString().padStart(4, '0')}`,
        (5_000_000_000_000_000_000n + BigInt(i)).toString(),
      );
      // A distinct item per record, so no record waits for another.
      if (record.dynamodb?.Keys) record.dynamodb.Keys.pk = { S: `ITEM#${i}` };
      return record;
    });
    const response = await handler(batch(...records));
    expect(response).toStrictEqual({ batchItemFailures: [] });
    expect(deadLetters.letters).toStrictEqual([]);
    // 100 of each transition, CourseCompleted and CertificateGenerated twice (v1 and v2) and a payment twice
    // (rich and light), 200 non-transitions: 1,100 entries.
    const entries = publisher.entries();
    expect(entries).toHaveLength(1_100);
    expect(new Set(entries.map((e) => JSON.parse(e.Detail).metadata.id)).size).toBe(1_100);
    expect(publisher.requests.every((r) => r.length <= 10)).toBe(true);
    expect(publisher.requests).toHaveLength(110);
  });
});

describe('the EventsPublished metric', () => {
  it('counts each batch’s published events per type, one EMF document per type, failed ones not', async () => {
    const metrics = new CapturingMetrics({ namespace: 'sfe-test', serviceName: 'stream-processor' });
    const { handler } = setup({ metrics, publisher: rejecting('VideoProcessingFailed') });
    const names = [
      'user-signed-up',
      'course-completed',
      'course-payment-complete',
      'video-processing-failed',
    ];
    await handler(batch(...names.map(fixtureRecord)));
    const documents = metrics.published
      .map((document) => {
        const { eventType, EventsPublished } = document as unknown as Record<string, string>;
        return { eventType, EventsPublished };
      })
      .sort((a, b) => String(a.eventType).localeCompare(String(b.eventType)));
    expect(documents).toStrictEqual([
      { eventType: 'CourseCompleted', EventsPublished: 2 },
      { eventType: 'CoursePaymentComplete', EventsPublished: 1 },
      { eventType: 'PaymentCompleted', EventsPublished: 1 },
      { eventType: 'UserSignedUp', EventsPublished: 1 },
    ]);
    expect(metrics.published[0]).toMatchObject({
      service: 'stream-processor',
      _aws: {
        CloudWatchMetrics: [
          {
            Namespace: 'sfe-test',
            Dimensions: [['service', 'eventType']],
            Metrics: [{ Name: EVENTS_PUBLISHED_METRIC, Unit: 'Count' }],
          },
        ],
      },
    });
  });
});

describe('the personal data in log lines', () => {
  it('is redacted from every line about a record, an error quoting it and claim-check links included', async () => {
    const { handler, logger } = setup({ publisher: rejecting('"ada') });
    const ticket = fixtureRecord('support-ticket-opened');
    const signedUp = fixtureRecord('user-signed-up');
    await handler(batch(ticket)).catch(() => undefined);
    const rejectingAll: EventPublisher = {
      async putEvents(entries) {
        return {
          failed: entries.map((entry, index) => ({
            index,
            errorCode: 'InternalException',
            errorMessage: `could not put ${entry.Detail}`,
          })),
        };
      },
    };
    const failing = setup({ publisher: rejectingAll, retry: { maxAttempts: 1 } });
    await failing.handler(batch(signedUp)).catch(() => undefined);

    const text = JSON.stringify([...logger.lines, ...failing.logger.lines]);
    const image = signedUp.dynamodb?.NewImage;
    expect(failing.logger.lines.some((l) => JSON.stringify(l).includes('could not put'))).toBe(true);
    for (const value of [image?.email?.S, image?.name?.S, ticket.dynamodb?.NewImage?.subject?.S]) {
      expect(value).toBeTypeOf('string');
      expect(text).not.toContain(value);
    }
    expect(text).not.toContain('claims.example.com');
  });
});
