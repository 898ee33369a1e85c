import { DynamoDBStreamSchema } from '@aws-lambda-powertools/parser/schemas';
import { service as streamProcessor } from '@sfe/stream-processor/service';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type LocalStore, openLocalStore } from '../store/local-store';
import {
  StreamEventSource,
  type StreamFailureRecord,
  type StreamHandler,
  streamSettingsOf,
} from './stream-event-source';
import { toSequenceNumber } from './stream-records';

const DEFINED = streamSettingsOf(streamProcessor.stream as NonNullable<typeof streamProcessor.stream>);
const STREAM_ARN = 'arn:aws:dynamodb:us-east-1:000000000000:table/platform/stream/2026-11-23T10:00:00.000';
let store: LocalStore;
let clock = new Date('2026-11-23T10:00:00.000Z');
beforeAll(async () => {
  store = await openLocalStore({ inMemory: true, now: () => clock });
});
afterAll(() => store.close());
beforeEach(async () => {
  clock = new Date('2026-11-23T10:00:00.000Z');
  await store.db.exec('truncate items; truncate changes; truncate checkpoints');
});

async function writeUsers(count: number): Promise<void> {
  for (let i = 1; i <= count; i++) {
    await store.platformTable.transact([{ kind: 'put', item: { pk: `USER#${i}`, sk: 'PROFILE', n: i } }]);
  }
}

function mapping(
  handler: StreamHandler,
  overrides: Partial<ConstructorParameters<typeof StreamEventSource>[0]> = {},
) {
  const failures: StreamFailureRecord[] = [];
  const source = new StreamEventSource({
    db: store.db,
    tableName: 'platform',
    functionName: 'stream-processor',
    streamArn: STREAM_ARN,
    handler,
    settings: { ...DEFINED, batchSize: 10, retryDelayMs: 1, maximumRetryAttempts: 2 },
    onFailure: async (failure) => {
      failures.push(failure);
    },
    now: () => clock,
    ...overrides,
  });
  return { source, failures };
}

const userOf = (record: DynamoDBRecord) => record.dynamodb?.Keys?.pk?.S;
const seqs = async () =>
  (await store.db.query<{ seq: string }>('select seq::text as seq from changes order by changes.seq')).rows;

describe('StreamEventSource', () => {
  it('delivers committed changes in order as DynamoDB Streams events and moves the checkpoint after success', async () => {
    await writeUsers(3);
    await store.platformTable.transact([
      { kind: 'update', key: { pk: 'USER#1', sk: 'PROFILE' }, set: { n: 10 } },
    ]);
    const events: DynamoDBStreamEvent[] = [];
    const { source } = mapping(async (event) => {
      events.push(event);
      return { batchItemFailures: [] };
    });

    expect(await source.pollOnce()).toBe(true);
    expect(await source.pollOnce()).toBe(false);

    expect(events).toHaveLength(1);
    expect(() => DynamoDBStreamSchema.parse(events[0])).not.toThrow();
    const [firstSeq] = await seqs();
    const modify = events[0]?.Records[3];
    expect(modify).toStrictEqual({
      eventID: expect.stringMatching(/^[0-9a-f]{32}$/),
      eventName: 'MODIFY',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'us-east-1',
      dynamodb: {
        ApproximateCreationDateTime: clock.getTime() / 1000,
        Keys: { pk: { S: 'USER#1' }, sk: { S: 'PROFILE' } },
        NewImage: { pk: { S: 'USER#1' }, sk: { S: 'PROFILE' }, n: { N: '10' } },
        OldImage: { pk: { S: 'USER#1' }, sk: { S: 'PROFILE' }, n: { N: '1' } },
        SequenceNumber: toSequenceNumber(BigInt(firstSeq?.seq ?? 0) + 3n),
        SizeBytes: expect.any(Number),
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
      eventSourceARN: STREAM_ARN,
    });
    expect(events[0]?.Records.map((record) => record.eventName)).toStrictEqual([
      'INSERT',
      'INSERT',
      'INSERT',
      'MODIFY',
    ]);
  });

  it('retries from the lowest failed sequence number, never redelivering the records before it', async () => {
    await writeUsers(4);
    const seen: string[][] = [];
    let failOnce = true;
    const { source } = mapping(async (event): Promise<DynamoDBBatchResponse> => {
      seen.push(event.Records.map((record) => userOf(record) ?? ''));
      const third = event.Records.find((record) => userOf(record) === 'USER#3');
      const fourth = event.Records.find((record) => userOf(record) === 'USER#4');
      if (failOnce && third && fourth) {
        failOnce = false;
        // Reported out of order on purpose: the lowest sequence number wins.
        return {
          batchItemFailures: [
            { itemIdentifier: fourth.dynamodb?.SequenceNumber ?? '' },
            { itemIdentifier: third.dynamodb?.SequenceNumber ?? '' },
          ],
        };
      }
      return { batchItemFailures: [] };
    });
    await source.pollOnce();
    expect(seen).toStrictEqual([
      ['USER#1', 'USER#2', 'USER#3', 'USER#4'],
      ['USER#3', 'USER#4'],
    ]);
    expect(await source.pollOnce()).toBe(false);
  });

  it('bisects a failing batch, delivers the good records, and sends the poison one to the destination after its retries', async () => {
    await writeUsers(5);
    const calls: string[][] = [];
    const { source, failures } = mapping(async (event) => {
      calls.push(event.Records.map((record) => userOf(record) ?? ''));
      if (event.Records.some((record) => userOf(record) === 'USER#4'))
        throw new Error('cannot handle USER#4');
      return { batchItemFailures: [] };
    });
    await source.pollOnce();

    const delivered = calls.filter((batch) => !batch.includes('USER#4')).flat();
    expect(new Set(delivered)).toStrictEqual(new Set(['USER#1', 'USER#2', 'USER#3', 'USER#5']));
    // 1 try with maximumRetryAttempts 2: the record alone is invoked 3 times.
    expect(calls.filter((batch) => batch.length === 1 && batch[0] === 'USER#4')).toHaveLength(3);
    const rows = await seqs();
    const poison = toSequenceNumber(BigInt(rows[3]?.seq ?? 0));
    expect(failures).toStrictEqual([
      {
        requestContext: {
          requestId: expect.any(String),
          functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:stream-processor',
          condition: 'RetryAttemptsExhausted',
          approximateInvokeCount: 3,
        },
        responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
        version: '1.0',
        timestamp: clock.toISOString(),
        DDBStreamBatchInfo: {
          shardId: expect.stringMatching(/^shardId-/),
          startSequenceNumber: poison,
          endSequenceNumber: poison,
          approximateArrivalOfFirstRecord: '2026-11-23T10:00:00Z',
          approximateArrivalOfLastRecord: '2026-11-23T10:00:00Z',
          batchSize: 1,
          streamArn: STREAM_ARN,
        },
        lastError: 'Error: cannot handle USER#4',
      },
    ]);
    expect(await source.pollOnce()).toBe(false);

    // A redrive re-reads the range from the log, and does not touch the checkpoint.
    const redriven: string[][] = [];
    const fixed = mapping(async (event) => {
      redriven.push(event.Records.map((record) => userOf(record) ?? ''));
      return { batchItemFailures: [] };
    });
    expect(await fixed.source.redeliver(poison, poison)).toBe(1);
    expect(redriven).toStrictEqual([['USER#4']]);
  });

  it('redelivers from the checkpoint after a stop (or crash) mid-batch, with the same eventIDs', async () => {
    await writeUsers(2);
    let stopping = false;
    const firstIds: string[] = [];
    const first = mapping(
      async (event) => {
        firstIds.push(...event.Records.map((record) => record.eventID ?? ''));
        stopping = true;
        throw new Error('killed');
      },
      {
        stopping: () => stopping,
        settings: { ...DEFINED, bisectBatchOnFunctionError: false },
      },
    );
    await first.source.pollOnce();

    const secondIds: string[] = [];
    const second = mapping(async (event) => {
      secondIds.push(...event.Records.map((record) => record.eventID ?? ''));
      return { batchItemFailures: [] };
    });
    await second.source.pollOnce();
    expect(secondIds).toStrictEqual(firstIds);
    expect(first.failures).toStrictEqual([]);
  });

  it('sends records older than the maximum record age to the destination without invoking', async () => {
    await writeUsers(2);
    clock = new Date(clock.getTime() + 120_000);
    await writeUsers(0);
    await store.platformTable.transact([{ kind: 'put', item: { pk: 'USER#9', sk: 'PROFILE' } }]);
    const invoked: string[] = [];
    const { source, failures } = mapping(
      async (event) => {
        invoked.push(...event.Records.map((record) => userOf(record) ?? ''));
        return { batchItemFailures: [] };
      },
      { settings: { ...DEFINED, maximumRecordAgeInSeconds: 60 } },
    );
    await source.pollOnce();
    expect(invoked).toStrictEqual(['USER#9']);
    expect(
      failures.map((failure) => [failure.requestContext.condition, failure.DDBStreamBatchInfo.batchSize]),
    ).toStrictEqual([['RecordAgeExceeded', 2]]);
  });

  it('fails the whole batch when batchItemFailures names a record that is not in it', async () => {
    await writeUsers(1);
    const { source, failures } = mapping(async () => ({ batchItemFailures: [{ itemIdentifier: '' }] }));
    await source.pollOnce();
    expect(failures.map((failure) => failure.lastError)).toStrictEqual([
      'batchItemFailures named a sequence number not in the batch',
    ]);
  });

  it('takes changes handed over as they commit from memory once it has read the log to its end, and reads the log again past its limit', async () => {
    await writeUsers(2);
    const seen: (string | undefined)[] = [];
    const { source } = mapping(
      async (event) => {
        seen.push(...event.Records.map(userOf));
        return { batchItemFailures: [] };
      },
      { maxFollowed: 3 },
    );
    const unsubscribe = store.onCommit((changes) => source.follow(changes));
    const put = (n: number) =>
      store.platformTable.transact([{ kind: 'put', item: { pk: `USER#${n}`, sk: 'PROFILE', n } }]);
    try {
      await put(3);
      expect(await source.pollOnce()).toBe(true);
      // From here every change is in memory: the log is not read back (emptied, it would deliver nothing).
      await put(4);
      await store.db.exec('truncate changes');
      expect(await source.pollOnce()).toBe(true);
      expect(await source.pollOnce()).toBe(false);
      // More changes than it keeps: it forgets them and reads the log.
      for (const n of [5, 6, 7, 8]) await put(n);
      expect(await source.pollOnce()).toBe(true);
      expect(seen).toStrictEqual([
        'USER#1',
        'USER#2',
        'USER#3',
        'USER#4',
        'USER#5',
        'USER#6',
        'USER#7',
        'USER#8',
      ]);
    } finally {
      unsubscribe();
    }
  });
});
