import { TableStorePersistenceLayer } from '@sfe/consumer-toolkit';
import {
  CapturingLogger,
  createTestLambdaContext,
  toEventBridgeEvent,
  toSqsEvent,
  toSqsRecord,
} from '@sfe/consumer-toolkit/testing';
import type { DomainEvent } from '@sfe/events';
import { PlatformApiError, type PlatformReader } from '@sfe/platform-client';
import { keys, MemoryTableStore, type TableStore } from '@sfe/records';
import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import {
  accountDeactivated,
  courseCompleted,
  courseCompletedV1,
  paymentCompleted,
  paymentItem,
  platformWith,
  userSignedUp,
} from '../test/events';
import { readReport } from './domain/report';
import { createHandler } from './handler';

async function setUp(reporting: TableStore = new MemoryTableStore(), platform?: PlatformReader) {
  const logger = new CapturingLogger({ serviceName: 'reporting-service' });
  const handler = createHandler({
    reporting,
    platform: platform ?? (await platformWith(paymentItem('p-1', 4999, 'GBP'))).reader,
    now: () => new Date('2026-11-24T12:00:00.000Z'),
    idempotency: { persistenceStore: new TableStorePersistenceLayer({ store: new MemoryTableStore() }) },
    logger,
  });
  const run = (event: SQSEvent) =>
    handler(event, createTestLambdaContext({ functionName: 'reporting-service' }));
  return { reporting, logger, run };
}

const recordOf = (event: DomainEvent, messageId: string) =>
  toSqsRecord(toEventBridgeEvent(event), { messageId });

describe('reporting-service handler', () => {
  it('updates every reporting table from a batch of SQS records wrapping EventBridge events', async () => {
    const { reporting, run } = await setUp();
    const response = await run(
      toSqsEvent([
        recordOf(userSignedUp('u-1'), 'm-1'),
        recordOf(paymentCompleted('p-1'), 'm-2'),
        recordOf(courseCompletedV1('u-1', 'c-1'), 'm-3'),
        recordOf(accountDeactivated('u-1'), 'm-4'),
      ]),
    );
    expect(response).toStrictEqual({ batchItemFailures: [] });
    expect(await readReport(reporting)).toStrictEqual({
      signupsPerDay: [{ day: '2026-11-23', signups: 1 }],
      revenuePerDay: [{ day: '2026-11-23', currency: 'GBP', amountMinor: 4999, payments: 1 }],
      completionsPerCourse: [{ courseId: 'c-1', courseTitle: 'Event-Driven Architecture', completions: 1 }],
      accounts: { signedUp: 1, deactivated: 1, active: 0 },
    });
  });

  it('counts an event once when it is delivered twice, in one batch and in a later one', async () => {
    const { reporting, run } = await setUp();
    const payment = paymentCompleted('p-1');
    await run(toSqsEvent([recordOf(payment, 'm-1'), recordOf(payment, 'm-2')]));
    await run(toSqsEvent([recordOf(payment, 'm-3')]));
    expect((await readReport(reporting)).revenuePerDay).toStrictEqual([
      { day: '2026-11-23', currency: 'GBP', amountMinor: 4999, payments: 1 },
    ]);
  });

  it('counts a completion once when it is published as v1 and as v2', async () => {
    const { reporting, run, logger } = await setUp();
    const response = await run(
      toSqsEvent([
        recordOf(courseCompleted('u-1', 'c-1'), 'v2'),
        recordOf(courseCompletedV1('u-1', 'c-1'), 'v1'),
      ]),
    );
    expect(response).toStrictEqual({ batchItemFailures: [] });
    expect((await readReport(reporting)).completionsPerCourse).toStrictEqual([
      { courseId: 'c-1', courseTitle: 'Event-Driven Architecture', completions: 1 },
    ]);
    // One line per record, saying what counting did.
    expect(logger.lines.map(({ message, fact, outcome }) => ({ message, fact, outcome }))).toStrictEqual([
      { message: 'Handled event', fact: 'COMPLETION#u-1#c-1', outcome: 'counted' },
      { message: 'Handled event', fact: 'COMPLETION#u-1#c-1', outcome: 'already counted' },
    ]);
  });

  it('fails only the malformed and unknown-version records of a batch', async () => {
    const { reporting, run } = await setUp();
    const v9 = toEventBridgeEvent(userSignedUp('u-2'));
    (v9.detail as { metadata: { version: number } }).metadata.version = 9;
    const response = await run(
      toSqsEvent([
        recordOf(userSignedUp('u-1'), 'good'),
        toSqsRecord(v9, { messageId: 'unknown-version' }),
        toSqsRecord('{"detail":', { messageId: 'not-json' }),
      ]),
    );
    expect(response).toStrictEqual({
      batchItemFailures: [{ itemIdentifier: 'unknown-version' }, { itemIdentifier: 'not-json' }],
    });
    expect((await readReport(reporting)).accounts).toStrictEqual({ signedUp: 1, deactivated: 0, active: 1 });
  });

  it('counts nothing when the transaction fails, and counts once when the record is retried', async () => {
    const memory = new MemoryTableStore();
    let failures = 1;
    const flaky: TableStore = {
      get: (key) => memory.get(key),
      query: (pk, prefix) => memory.query(pk, prefix),
      async transact(writes) {
        if (failures-- > 0) throw new Error('ProvisionedThroughputExceededException');
        return memory.transact(writes);
      },
    };
    const { run } = await setUp(flaky);
    const signup = userSignedUp('u-1');

    expect(await run(toSqsEvent([recordOf(signup, 'm-1')]))).toStrictEqual({
      batchItemFailures: [{ itemIdentifier: 'm-1' }],
    });
    expect(memory.changes).toHaveLength(0);
    expect(await run(toSqsEvent([recordOf(signup, 'm-1')]))).toStrictEqual({ batchItemFailures: [] });
    expect((await readReport(memory)).signupsPerDay).toStrictEqual([{ day: '2026-11-23', signups: 1 }]);
  });

  describe('revenue from the light PaymentCompleted and a call-back', () => {
    it('counts the amount the platform holds now, not a snapshot', async () => {
      const platform = await platformWith(paymentItem('p-1', 1250, 'EUR'));
      const { reporting, run } = await setUp(new MemoryTableStore(), platform.reader);
      expect(await run(toSqsEvent([recordOf(paymentCompleted('p-1'), 'm-1')]))).toStrictEqual({
        batchItemFailures: [],
      });
      expect((await readReport(reporting)).revenuePerDay).toStrictEqual([
        { day: '2026-11-23', currency: 'EUR', amountMinor: 1250, payments: 1 },
      ]);
    });

    it('does not count a payment refunded before its event is processed', async () => {
      const platform = await platformWith(paymentItem('p-1'));
      // The event was published when the payment completed; the refund commits before it is processed.
      const event = paymentCompleted('p-1');
      await platform.table.transact([
        { kind: 'update', key: keys.payment('u-1', 'p-1'), set: { status: 'refunded' } },
      ]);
      const { reporting, run, logger } = await setUp(new MemoryTableStore(), platform.reader);
      expect(await run(toSqsEvent([recordOf(event, 'm-1')]))).toStrictEqual({ batchItemFailures: [] });
      expect((await readReport(reporting)).revenuePerDay).toStrictEqual([]);
      expect(logger.lines.filter((l) => l.message === 'Not counted').map((l) => l.reason)).toStrictEqual([
        'payment p-1 is refunded now: not revenue',
      ]);
    });

    it('fails the record with nothing written when the call-back fails, and counts once on the retry', async () => {
      const platform = await platformWith(paymentItem('p-1'));
      let unavailable = true;
      const flaky: PlatformReader = {
        ...platform.reader,
        getPayment: async (userId, paymentId) => {
          if (unavailable)
            throw new PlatformApiError('GET /users/u-1/payments/p-1: HTTP 503 (after 3 attempts)', 503);
          return platform.reader.getPayment(userId, paymentId);
        },
      };
      const reporting = new MemoryTableStore();
      const { run, logger } = await setUp(reporting, flaky);
      const event = paymentCompleted('p-1');

      expect(await run(toSqsEvent([recordOf(event, 'm-1')]))).toStrictEqual({
        batchItemFailures: [{ itemIdentifier: 'm-1' }],
      });
      expect(reporting.changes).toStrictEqual([]);
      expect(logger.lines.filter((l) => l.level === 'ERROR').map((l) => l.reason)).toStrictEqual([
        'PlatformApiError: GET /users/u-1/payments/p-1: HTTP 503 (after 3 attempts)',
      ]);

      unavailable = false;
      expect(await run(toSqsEvent([recordOf(event, 'm-1')]))).toStrictEqual({ batchItemFailures: [] });
      expect(await run(toSqsEvent([recordOf(event, 'm-1')]))).toStrictEqual({ batchItemFailures: [] });
      expect((await readReport(reporting)).revenuePerDay).toStrictEqual([
        { day: '2026-11-23', currency: 'GBP', amountMinor: 4999, payments: 1 },
      ]);
    });

    it('fails a payment the platform does not know, so it reaches the DLQ rather than vanishing', async () => {
      const { reporting, run } = await setUp(new MemoryTableStore(), (await platformWith()).reader);
      expect(await run(toSqsEvent([recordOf(paymentCompleted('p-404'), 'm-1')]))).toStrictEqual({
        batchItemFailures: [{ itemIdentifier: 'm-1' }],
      });
      expect((await readReport(reporting)).revenuePerDay).toStrictEqual([]);
    });
  });
});
