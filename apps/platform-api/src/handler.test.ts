import { readFileSync } from 'node:fs';
import { CapturingLogger } from '@sfe/consumer-toolkit/testing';
import { keys, MemoryTableStore, type PaymentItem, type TableStore } from '@sfe/records';
import type { LambdaFunctionURLEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createHandler } from './handler';

const fixture = (): LambdaFunctionURLEvent =>
  JSON.parse(
    readFileSync(new URL('../test/fixtures/function-url-get-payment.json', import.meta.url), 'utf8'),
  ) as LambdaFunctionURLEvent;

const payment: PaymentItem = {
  ...keys.payment('u-1', 'p-1'),
  entityType: 'PAYMENT',
  paymentId: 'p-1',
  userId: 'u-1',
  courseId: 'c-1',
  amount: 4999,
  currency: 'GBP',
  status: 'refunded',
  completedAt: '2026-12-05T09:00:00.000Z',
  courseTitle: 'EDA',
  userName: 'Ada Lovelace',
  email: 'ada@example.com',
};

async function storeWith(...items: PaymentItem[]): Promise<MemoryTableStore> {
  const store = new MemoryTableStore();
  for (const item of items) await store.transact([{ kind: 'put', item }]);
  return store;
}

describe('platform-api handler', () => {
  it("answers a function URL request (AWS's shape) with the payment's current state", async () => {
    const handler = createHandler({ platform: await storeWith(payment), logger: new CapturingLogger() });
    expect(await handler(fixture())).toStrictEqual({
      statusCode: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        paymentId: 'p-1',
        userId: 'u-1',
        courseId: 'c-1',
        amount: 4999,
        currency: 'GBP',
        status: 'refunded',
        completedAt: '2026-12-05T09:00:00.000Z',
      }),
    });
  });

  it('answers 404 for a missing item, logging each answer', async () => {
    const logger = new CapturingLogger();
    const handler = createHandler({ platform: await storeWith(), logger });
    const response = await handler(fixture());
    expect([response.statusCode, JSON.parse(response.body ?? '{}')]).toStrictEqual([
      404,
      { error: 'no payment at /users/u-1/payments/p-1' },
    ]);
    expect(logger.lines.map((l) => [l.message, l.path, l.status])).toStrictEqual([
      ['Answered', '/users/u-1/payments/p-1', 404],
    ]);
  });

  it('answers 500 without detail when the table cannot be read, and logs why', async () => {
    const broken: TableStore = {
      get: async () => {
        throw new Error('ProvisionedThroughputExceededException');
      },
      query: async () => [],
      transact: async () => {},
    };
    const logger = new CapturingLogger();
    const response = await createHandler({ platform: broken, logger })(fixture());
    expect([response.statusCode, response.body]).toStrictEqual([
      500,
      JSON.stringify({ error: 'the platform table could not be read; retry' }),
    ]);
    expect(logger.lines.filter((l) => l.level === 'ERROR').map((l) => l.message)).toStrictEqual([
      'Read failed',
    ]);
  });
});
