import { SqsSchema } from '@aws-lambda-powertools/parser/schemas';
import { DEFAULT_DELIVERY } from '@sfe/service-definition';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type LocalStore, openLocalStore } from '../store/local-store';
import { QueueEventSource, type QueueHandler, queueSettingsOf } from './queue-event-source';
import type { QueueMessage } from './queue-store';
import { QueueStore, VACUUM_EVERY } from './queue-store';

let store: LocalStore;
let clock = 1_800_000_000_000;
let queues: QueueStore;
beforeAll(async () => {
  store = await openLocalStore({ inMemory: true });
  queues = new QueueStore(store.db, () => new Date(clock));
});
afterAll(() => store.close());
beforeEach(async () => {
  clock = 1_800_000_000_000;
  await store.db.exec('truncate messages');
});

const settings = {
  ...queueSettingsOf(DEFAULT_DELIVERY),
  visibilityTimeoutMs: 1_000,
  maxReceiveCount: 2,
  functionTimeoutMs: 150,
};

function source(handler: QueueHandler, errorOf?: (id: string) => string | undefined) {
  const deadLettered: QueueMessage[] = [];
  return {
    deadLettered,
    source: new QueueEventSource({
      queues,
      queue: 'svc-sub',
      deadLetterQueue: 'svc-sub-dlq',
      functionName: 'svc',
      handler,
      settings,
      ...(errorOf ? { errorOf: (record) => errorOf(record.messageId) } : {}),
      observer: { deadLettered: (message) => deadLettered.push(message) },
    }),
  };
}

describe('QueueEventSource', () => {
  it('delivers messages as a Lambda SQS event and deletes them after success', async () => {
    const id = await queues.send('svc-sub', '{"hello":"world"}');
    const events: SQSEvent[] = [];
    const { source: events$ } = source(async (event) => {
      events.push(event);
      return { batchItemFailures: [] };
    });
    expect(await events$.pollOnce()).toBe(true);
    expect(() => SqsSchema.parse(events[0])).not.toThrow();
    expect(events[0]?.Records[0]).toStrictEqual({
      messageId: id,
      receiptHandle: expect.any(String),
      body: '{"hello":"world"}',
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: String(clock),
        SenderId: expect.any(String),
        ApproximateFirstReceiveTimestamp: String(clock),
      },
      messageAttributes: {},
      md5OfBody: 'fbc24bcc7a1794758fc1327fcfebdaf6',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:svc-sub',
      awsRegion: 'us-east-1',
    });
    expect(await queues.list('svc-sub')).toStrictEqual([]);
    expect(await events$.pollOnce()).toBe(false);
  });

  it('redelivers only the failed messages, after the visibility timeout, counting receives', async () => {
    const ok = await queues.send('svc-sub', 'ok');
    const bad = await queues.send('svc-sub', 'bad');
    const seen: string[] = [];
    const { source: events$ } = source(
      async (event): Promise<SQSBatchResponse> => {
        seen.push(...event.Records.map((r) => `${r.body}#${r.attributes.ApproximateReceiveCount}`));
        return {
          batchItemFailures: event.Records.filter((r) => r.body === 'bad').map((r) => ({
            itemIdentifier: r.messageId,
          })),
        };
      },
      (id) => (id === bad ? 'Error: bad body' : undefined),
    );
    await events$.pollOnce();
    expect(await events$.pollOnce()).toBe(false);
    clock += 1_000;
    await events$.pollOnce();
    expect(seen).toStrictEqual(['ok#1', 'bad#1', 'bad#2']);
    expect((await queues.list('svc-sub')).map((m) => [m.id, m.lastError])).toStrictEqual([
      [bad, 'Error: bad body'],
    ]);
    expect(ok).not.toBe(bad);
  });

  it('moves a message past maxReceiveCount to the DLQ with its error, and redrive brings it back as new', async () => {
    const id = await queues.send('svc-sub', 'poison');
    const { source: events$, deadLettered } = source(async () => {
      throw Object.assign(new Error('all failed'), { recordErrors: [new TypeError('cannot read poison')] });
    });
    for (let i = 0; i < 3; i++) {
      await events$.pollOnce();
      clock += 1_000;
    }
    expect(
      deadLettered.map((m) => [m.id, m.queue, m.sourceQueue, m.receiveCount, m.lastError]),
    ).toStrictEqual([[id, 'svc-sub-dlq', 'svc-sub', 2, 'TypeError: cannot read poison']]);
    expect(await queues.list('svc-sub')).toStrictEqual([]);
    expect((await queues.list('svc-sub-dlq')).map((m) => m.id)).toStrictEqual([id]);

    const redriven = await queues.redrive('svc-sub-dlq');
    expect(redriven.map((m) => [m.id, m.queue, m.receiveCount])).toStrictEqual([[id, 'svc-sub', 0]]);
    const fixed = source(async () => ({ batchItemFailures: [] }));
    expect(await fixed.source.pollOnce()).toBe(true);
    expect(await queues.depths()).toStrictEqual([]);
  });

  it('fails the whole batch when batchItemFailures names a message that is not in it', async () => {
    await queues.send('svc-sub', 'a');
    await queues.send('svc-sub', 'b');
    const { source: events$ } = source(async () => ({ batchItemFailures: [{ itemIdentifier: 'nope' }] }));
    await events$.pollOnce();
    expect((await queues.list('svc-sub')).map((m) => m.lastError)).toStrictEqual([
      'batchItemFailures named a message id not in the batch: the whole batch failed',
      'batchItemFailures named a message id not in the batch: the whole batch failed',
    ]);
    expect(await queues.depths()).toStrictEqual([{ queue: 'svc-sub', visible: 0, inFlight: 2 }]);
  });
});

describe('QueueStore.receive', () => {
  const options = { max: 2, visibilityTimeoutMs: 1_000, maxReceiveCount: 1, deadLetterQueue: 'svc-sub-dlq' };

  it('moves over-received messages to the DLQ and still fills the batch with the next visible ones, oldest first', async () => {
    const first = await queues.send('svc-sub', 'first');
    const firstReceive = await queues.receive('svc-sub', { ...options, max: 1 });
    expect(firstReceive.received.map((m) => [m.id, m.receiveCount, m.firstReceivedAt])).toStrictEqual([
      [first, 1, clock],
    ]);
    const second = await queues.send('svc-sub', 'second');
    const third = await queues.send('svc-sub', 'third');
    const fourth = await queues.send('svc-sub', 'fourth');
    clock += 1_000;

    const { received, deadLettered } = await queues.receive('svc-sub', options);

    expect(deadLettered.map((m) => [m.id, m.queue, m.sourceQueue, m.receiveCount])).toStrictEqual([
      [first, 'svc-sub-dlq', 'svc-sub', 1],
    ]);
    expect(received.map((m) => [m.id, m.body, m.receiveCount, m.firstReceivedAt])).toStrictEqual([
      [second, 'second', 1, clock],
      [third, 'third', 1, clock],
    ]);
    expect(await queues.depths()).toStrictEqual([
      { queue: 'svc-sub', visible: 1, inFlight: 2 },
      { queue: 'svc-sub-dlq', visible: 1, inFlight: 0 },
    ]);
    expect((await queues.receive('svc-sub', options)).received.map((m) => m.id)).toStrictEqual([fourth]);
  });
});

describe('QueueStore.settle', () => {
  const options = { max: 10, visibilityTimeoutMs: 1_000, maxReceiveCount: 5, deadLetterQueue: 'svc-sub-dlq' };

  it('deletes the handled messages, notes the failed ones, and leaves the rest', async () => {
    const ids = await Promise.all(['a', 'b', 'c', 'd'].map((body) => queues.send('svc-sub', body)));
    const other = await queues.send('other-sub', 'a');
    const { received } = await queues.receive('svc-sub', options);
    const handled = received.filter((m) => m.body === 'a' || m.body === 'c').map((m) => m.receiptHandle);
    await queues.settle(handled, new Map([[ids[1] as string, 'boom']]));
    clock += 1_000;
    const left = await queues.receive('svc-sub', options);
    expect(left.received.map((m) => [m.body, m.lastError])).toStrictEqual([
      ['b', 'boom'],
      ['d', undefined],
    ]);
    expect((await queues.list('other-sub')).map((m) => m.id)).toStrictEqual([other]);
  });

  it('vacuums the messages as deletions add up, so the dead row versions do not stay in the table', async () => {
    const size = async () =>
      (await store.db.query<{ bytes: number }>(`select pg_relation_size('messages')::int as bytes`)).rows[0]
        ?.bytes;
    // Its own store of queues, counting deletions from none. Every message received and deleted: until a vacuum
    // the table keeps their dead versions; the vacuum empties it.
    const fresh = new QueueStore(store.db, () => new Date(clock));
    const sendAndSettle = async (count: number) => {
      for (let i = 0; i < count; i++) await fresh.send('svc-sub', `message ${i}`);
      for (;;) {
        const { received } = await fresh.receive('svc-sub', options);
        if (received.length === 0) break;
        await fresh.settle(
          received.map((m) => m.receiptHandle),
          new Map(),
        );
      }
    };
    await sendAndSettle(VACUUM_EVERY - 10);
    expect(await size()).toBeGreaterThan(0);
    await sendAndSettle(10);
    expect(await size()).toBe(0);
  });
});
