import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalBlobStore } from '@sfe/blob-store';
import { createEvent, EventType } from '@sfe/events';
import type { SQSRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BusRule } from '../bus/event-bus';
import { type EventBridgeEvent, wrapEvent } from '../bus/eventbridge-event';
import { toSqsRecord } from '../queues/sqs-records';
import { toSequenceNumber } from '../stream/stream-records';
import { attributeEffect, ConsoleJournal, type InvocationSpan, outboxFilesIn } from './journal';
import { assembleTrace } from './trace';

const CORRELATION = 'c0ffee00-0000-4000-8000-000000000001';
const OTHER = 'c0ffee00-0000-4000-8000-000000000002';
const OUTBOX = '/data/.sfe/outbox';
const domainId = (id: string) => `d0000000-0000-4000-8000-00000000000${id.slice(-1)}`;

function busEvent(
  id: string,
  type: 'CourseCompleted' | 'CoursePaymentComplete',
  correlationId: string,
): EventBridgeEvent {
  const event =
    type === 'CourseCompleted'
      ? createEvent(
          EventType.CourseCompleted,
          {
            userId: 'ada',
            courseId: 'eda-101',
            courseTitle: 'Event-driven architecture',
            userName: 'Ada Lovelace',
            email: 'ada@example.com',
            completedAt: '2026-11-23T10:00:00.000Z',
          },
          { source: 'sfe-stream-processor', id: domainId(id), correlationId },
        )
      : createEvent(
          EventType.CoursePaymentComplete,
          {
            paymentId: 'pay-1',
            userId: 'grace',
            courseId: 'ml-201',
            amount: 4999,
            currency: 'GBP',
            completedAt: '2026-11-23T10:00:00.000Z',
            courseTitle: 'Machine learning',
            userName: 'Grace Hopper',
            email: 'grace@example.com',
          },
          { source: 'sfe-stream-processor', id: domainId(id), correlationId },
        );
  return wrapEvent({
    id,
    source: event.metadata.source,
    detailType: type,
    detail: event as unknown as Record<string, unknown>,
    time: new Date('2026-11-23T10:00:00Z'),
    resources: [],
  });
}

function sqsRecord(messageId: string, event: EventBridgeEvent, receiveCount: number): SQSRecord {
  return toSqsRecord({
    id: messageId,
    queue: 'certificate-service-course-completed',
    body: JSON.stringify(event),
    md5OfBody: '',
    sentAt: 0,
    receiveCount,
    receiptHandle: `handle-${messageId}`,
    firstReceivedAt: 0,
  });
}

const rule: BusRule = {
  bus: 'platform',
  name: 'certificate-service-course-completed',
  pattern: { 'detail-type': ['CourseCompleted'] },
  queue: 'certificate-service-course-completed',
};

let buckets: string;
beforeAll(async () => {
  buckets = await mkdtemp(join(tmpdir(), 'sfe-trace-'));
});
afterAll(async () => {
  await rm(buckets, { recursive: true, force: true });
});

describe('assembleTrace', () => {
  it('follows one correlation from its commit through the stream, the event, a failed and a retried invocation, a dead letter and the side effects', async () => {
    let clock = 1_000;
    const journal = new ConsoleJournal({
      outboxDirectory: OUTBOX,
      serviceOf: (queue) => queue.replace(/-course-completed$/, ''),
      now: () => clock,
    });
    const completed = busEvent('eb-1', 'CourseCompleted', CORRELATION);
    const payment = busEvent('eb-2', 'CoursePaymentComplete', OTHER);
    const bucket = journal.watchBucket(
      createLocalBlobStore({
        rootDirectory: buckets,
        bucket: 'certificates',
        baseUrl: 'http://127.0.0.1:4010/blobs',
        signingSecret: 'secret',
      }),
    );

    journal.observer.committed({
      seq: 4n,
      tableName: 'platform',
      eventName: 'MODIFY',
      key: { pk: 'USER#ada', sk: 'ENROLMENT#eda-101' },
      newImage: {
        pk: 'USER#ada',
        sk: 'ENROLMENT#eda-101',
        entityType: 'ENROLMENT',
        correlationId: CORRELATION,
      },
      createdAt: new Date(clock),
    });
    clock = 1_010;
    await journal.traceStream(async () => {
      clock = 1_030;
      journal.observer.routed('platform', completed, [rule]);
      journal.observer.routed('platform', payment, []);
      clock = 1_040;
    })({ Records: [{ dynamodb: { SequenceNumber: toSequenceNumber(4n) } }] });
    journal.observer.streamInvoked([{ dynamodb: { SequenceNumber: toSequenceNumber(4n) } }], 'ok');

    // First receive: a batch with another correlation's event; the function fails on ours.
    clock = 1_100;
    const first = [sqsRecord('m-1', completed, 1), sqsRecord('m-2', payment, 1)];
    await journal.traceInvocation('certificate-service-course-completed', async () => {
      clock = 1_150;
      journal.observer.sideEffect(
        `reporting: CoursePaymentComplete counted -> ${OUTBOX}/slack/x-d0000000-0000-4000-8000-000000000002.json`,
      );
    })({ Records: first }, {});
    journal.observer.delivered(
      'certificate-service-course-completed',
      first,
      new Map([['m-1', 'TypeError: boom']]),
    );

    // Second receive succeeds and makes the certificate and an email.
    clock = 1_300;
    const second = [sqsRecord('m-1', completed, 2)];
    await journal.traceInvocation('certificate-service-course-completed', async () => {
      clock = 1_320;
      await bucket.put('certificates/ada/eda-101.pdf', '%PDF-1.7', 'application/pdf');
      clock = 1_330;
      journal.observer.sideEffect(
        `email-service: course-completed to ada@example.com -> ${OUTBOX}/email/t-course-completed-d0000000-0000-4000-8000-000000000001.eml`,
      );
      clock = 1_360;
    })({ Records: second }, {});
    journal.observer.delivered('certificate-service-course-completed', second, new Map());
    clock = 1_400;
    journal.observer.deadLettered({
      id: 'm-9',
      queue: 'certificate-service-course-completed-dlq',
      body: JSON.stringify(completed),
      md5OfBody: '',
      sentAt: 0,
      receiveCount: 5,
      lastError: 'TypeError: boom',
    });

    const trace = assembleTrace(journal.all(), CORRELATION);
    expect(trace?.startedAt).toBe(1_000);
    expect(trace?.duration).toBe(400);
    expect(
      trace?.rows.map((row) => ({
        kind: row.kind,
        label: row.label,
        start: row.start,
        duration: row.duration,
        status: row.status,
        detail: row.detail,
      })),
    ).toStrictEqual([
      {
        kind: 'commit',
        label: '#4 MODIFY USER#ada ENROLMENT#eda-101',
        start: 0,
        duration: 0,
        status: 'ok',
        detail: 'ENROLMENT',
      },
      {
        kind: 'stream',
        label: 'stream-processor: 1 record',
        start: 10,
        duration: 30,
        status: 'ok',
        detail: 'ok',
      },
      {
        kind: 'event',
        label: 'CourseCompleted v2',
        start: 30,
        duration: 0,
        status: 'ok',
        detail: '→ certificate-service-course-completed',
      },
      {
        kind: 'invocation',
        label: 'certificate-service-course-completed (receive 1)',
        start: 100,
        duration: 50,
        status: 'failed',
        detail: 'certificate-service, batch of 2: TypeError: boom',
      },
      {
        kind: 'invocation',
        label: 'certificate-service-course-completed (receive 2)',
        start: 300,
        duration: 60,
        status: 'ok',
        detail: 'certificate-service, batch of 1',
      },
      {
        kind: 'effect',
        label: 'object certificates/certificates/ada/eda-101.pdf (application/pdf)',
        start: 320,
        duration: 0,
        status: 'ok',
        detail: undefined,
      },
      {
        kind: 'effect',
        label:
          'email-service: course-completed to ada@example.com -> outbox/email/t-course-completed-d0000000-0000-4000-8000-000000000001.eml',
        start: 330,
        duration: 0,
        status: 'ok',
        detail: undefined,
      },
      {
        kind: 'dead-letter',
        label: 'certificate-service-course-completed-dlq ← after 5 receives',
        start: 400,
        duration: 0,
        status: 'dead-lettered',
        detail: 'TypeError: boom',
      },
    ]);
    // The email's file is linked for the page to render.
    expect(trace?.rows[6]?.effect).toStrictEqual({
      kind: 'report',
      line: 'email-service: course-completed to ada@example.com -> outbox/email/t-course-completed-d0000000-0000-4000-8000-000000000001.eml',
      files: [{ box: 'email', name: 't-course-completed-d0000000-0000-4000-8000-000000000001.eml' }],
      at: 1_330,
      eventIds: ['eb-1'],
    });
    // The other correlation's trace has the stream that published its event, and only its own effect of the
    // shared batch.
    expect(assembleTrace(journal.all(), OTHER)?.rows.map((row) => row.kind)).toStrictEqual([
      'stream',
      'event',
      'invocation',
      'effect',
    ]);
    expect(assembleTrace(journal.all(), 'unknown')).toBeUndefined();
  });

  it('keeps at most maxSpans spans, dropping the oldest tenth at a time, and none older than the retention', () => {
    let clock = 0;
    const journal = new ConsoleJournal({
      outboxDirectory: OUTBOX,
      serviceOf: (queue) => queue,
      now: () => clock,
      maxSpans: 10,
      retentionMs: 1_000,
    });
    const commit = (seq: number) =>
      journal.observer.committed({
        seq: BigInt(seq),
        tableName: 'platform',
        eventName: 'INSERT',
        key: { pk: `P#${seq}`, sk: 'S' },
        createdAt: new Date(clock),
      });
    for (let seq = 1; seq <= 11; seq++) commit(seq);
    expect(journal.all().map((span) => (span.kind === 'commit' ? span.seq : ''))).toStrictEqual([
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
      '8',
      '9',
      '10',
      '11',
    ]);
    clock = 1_500;
    commit(12);
    expect(journal.all().map((span) => (span.kind === 'commit' ? span.seq : ''))).toStrictEqual(['12']);
  });

  it("gives a delivery's outcome and effects to the latest invocation of its message, and nothing to a trimmed one", async () => {
    const journal = new ConsoleJournal({
      outboxDirectory: OUTBOX,
      serviceOf: (queue) => queue,
      maxSpans: 10,
    });
    const queue = 'certificate-service-course-completed';
    const event = busEvent('eb-1', 'CourseCompleted', CORRELATION);
    const batch = { Records: [sqsRecord('m-1', event, 1)] };
    const line = `certificate-service: certificate -> ${OUTBOX}/email/x-certificate-eb-1.eml`;
    const invocations = () => journal.all().filter((span) => span.kind === 'invocation') as InvocationSpan[];

    await journal.traceInvocation(queue, async () => journal.observer.sideEffect(line))(batch, {});
    journal.observer.delivered(queue, batch.Records, new Map([['m-1', 'boom']]));
    await journal.traceInvocation(queue, async () => journal.observer.sideEffect(line))(batch, {});
    journal.observer.delivered(queue, batch.Records, new Map([['m-1', 'again']]));
    const [failed, retried] = invocations();
    expect(failed?.messages[0]?.error).toBe('boom');
    expect(retried?.messages[0]?.error).toBe('again');
    expect([failed?.effects.length, retried?.effects.length]).toStrictEqual([1, 1]);

    // A third delivery whose span is trimmed while it runs: its effect and outcome go nowhere.
    await journal.traceInvocation(queue, async () => {
      for (let seq = 1; seq <= 12; seq++) {
        journal.observer.committed({
          seq: BigInt(seq),
          tableName: 'platform',
          eventName: 'INSERT',
          key: { pk: `P#${seq}`, sk: 'S' },
          createdAt: new Date(0),
        });
      }
      journal.observer.sideEffect(line);
    })(batch, {});
    journal.observer.delivered(queue, batch.Records, new Map([['m-1', 'late']]));
    expect(invocations()).toStrictEqual([]);
    expect(journal.all().every((span) => span.kind === 'commit')).toBe(true);
  });
});

describe('assembleTrace of a chain through AWS service events', () => {
  it('pulls in the uncorrelated S3 and Transcribe events through the invocations that handled or put them', async () => {
    let clock = 0;
    const journal = new ConsoleJournal({
      outboxDirectory: OUTBOX,
      serviceOf: () => 'video-pipeline',
      now: () => ++clock,
    });
    const awsEvent = (id: string, source: string, detailType: string) =>
      wrapEvent({ id, source, detailType, detail: {}, time: new Date(0), resources: [] });
    const uploaded = awsEvent('s3-1', 'aws.s3', 'Object Created');
    const transcribed = awsEvent('tr-1', 'aws.transcribe', 'Transcribe Job State Change');
    const unrelated = awsEvent('s3-2', 'aws.s3', 'Object Created');
    const video = (seq: number) =>
      journal.observer.committed({
        seq: BigInt(seq),
        tableName: 'platform',
        eventName: 'MODIFY',
        key: { pk: 'VIDEO#intro', sk: 'METADATA' },
        newImage: { pk: 'VIDEO#intro', sk: 'METADATA', correlationId: CORRELATION },
        createdAt: new Date(clock),
      });
    const record = (id: string, event: EventBridgeEvent) => sqsRecord(id, event, 1);

    journal.observer.routed('default', uploaded, []); // the upload moment's put: no invocation around it
    journal.observer.routed('default', unrelated, []);
    await journal.traceInvocation('video-pipeline-video-uploaded', async () => {
      video(1);
      journal.observer.routed('default', transcribed, []); // the Transcribe stand-in, started in this invocation
    })({ Records: [record('m-1', uploaded)] }, {});
    await journal.traceInvocation('video-pipeline-transcription-finished', async () => video(2))(
      { Records: [record('m-2', transcribed)] },
      {},
    );
    const published = busEvent('eb-9', 'CourseCompleted', CORRELATION);
    await journal.traceStream(async () => journal.observer.routed('platform', published, []))({
      Records: [{ dynamodb: { SequenceNumber: toSequenceNumber(2n) } }],
    });

    expect(
      assembleTrace(journal.all(), CORRELATION)?.rows.map((row) => `${row.kind} ${row.label}`),
    ).toStrictEqual([
      'event Object Created',
      'invocation video-pipeline-video-uploaded (receive 1)',
      'commit #1 MODIFY VIDEO#intro METADATA',
      'event Transcribe Job State Change',
      'invocation video-pipeline-transcription-finished (receive 1)',
      'commit #2 MODIFY VIDEO#intro METADATA',
      'stream stream-processor: 1 record',
      'event CourseCompleted v2',
    ]);
  });
});

describe('attributeEffect', () => {
  const events = [
    {
      eventId: 'eb-1',
      clues: { ids: ['eb-1', 'd-1'], dataIds: ['ada', 'eda-101'], type: 'CourseCompleted' },
    },
    {
      eventId: 'eb-2',
      clues: { ids: ['eb-2', 'd-2'], dataIds: ['grace', 'ml-201'], type: 'CoursePaymentComplete' },
    },
  ];

  it('names the event whose own id the effect mentions, then its data ids, then its type, else the whole batch', () => {
    expect(attributeEffect('outbox/email/x-receipt-d-2.eml', events)).toStrictEqual(['eb-2']);
    expect(attributeEffect('certificates/certificates/ada/eda-101.pdf', events)).toStrictEqual(['eb-1']);
    expect(attributeEffect('reporting-service: CoursePaymentComplete counted', events)).toStrictEqual([
      'eb-2',
    ]);
    expect(attributeEffect('something happened', events)).toStrictEqual(['eb-1', 'eb-2']);
  });
});

describe('outboxFilesIn', () => {
  it('finds the outbox files a report line names, and nothing outside the outbox', () => {
    expect(
      outboxFilesIn(
        `email-service: welcome to a@b.c -> ${OUTBOX}/email/t-welcome-1.eml and /etc/passwd`,
        OUTBOX,
      ),
    ).toStrictEqual([{ box: 'email', name: 't-welcome-1.eml' }]);
    expect(outboxFilesIn(`x -> ${OUTBOX}/email/../../secret ${OUTBOX}/../x`, OUTBOX)).toStrictEqual([]);
  });
});
