import { createEvent, createEventVersion, EventType } from '@sfe/events';
import { createTableReader } from '@sfe/platform-client';
import { keys, MemoryTableStore, type PaymentItem } from '@sfe/records';

const source = 'sfe-stream-processor';

export function userSignedUp(userId = 'u-1', signedUpAt = '2026-11-23T09:00:00.000Z') {
  return createEvent(
    EventType.UserSignedUp,
    { userId, email: `${userId}@example.com`, name: 'Ada Lovelace', signedUpAt },
    { source },
  );
}

/** The light payment event, as the stream processor publishes it beside the rich one. */
export function paymentCompleted(paymentId = 'p-1', completedAt = '2026-11-23T10:00:00.000Z') {
  return createEvent(
    EventType.PaymentCompleted,
    { paymentId, userId: 'u-1', courseId: 'c-1', completedAt },
    { source },
  );
}

/** The PAYMENT item behind `paymentCompleted`, as the platform table holds it. */
export function paymentItem(
  paymentId = 'p-1',
  amount = 4999,
  currency = 'GBP',
  status: PaymentItem['status'] = 'complete',
): PaymentItem {
  return {
    ...keys.payment('u-1', paymentId),
    entityType: 'PAYMENT',
    paymentId,
    userId: 'u-1',
    courseId: 'c-1',
    amount,
    currency,
    status,
    completedAt: '2026-11-23T10:00:00.000Z',
    courseTitle: 'Event-Driven Architecture',
    userName: 'Ada Lovelace',
    email: 'u-1@example.com',
  };
}

/** The platform table holding `items`, and the call-back reader over it (what the platform API answers). */
export async function platformWith(...items: PaymentItem[]) {
  const table = new MemoryTableStore();
  for (const item of items) await table.transact([{ kind: 'put', item }]);
  return { table, reader: createTableReader(table) };
}

export function courseCompleted(userId = 'u-1', courseId = 'c-1') {
  return createEvent(
    EventType.CourseCompleted,
    {
      userId,
      courseId,
      courseTitle: 'Event-Driven Architecture',
      userName: 'Ada Lovelace',
      email: `${userId}@example.com`,
      completedAt: '2026-11-23T11:00:00.000Z',
    },
    { source },
  );
}

export function courseCompletedV1(userId = 'u-1', courseId = 'c-1') {
  return createEventVersion(
    EventType.CourseCompleted,
    1,
    {
      userId,
      courseId,
      courseName: 'Event-Driven Architecture',
      userName: 'Ada Lovelace',
      email: `${userId}@example.com`,
      completionDate: '2026-11-23',
    },
    { source },
  );
}

export function accountDeactivated(userId = 'u-1', deactivatedAt = '2026-11-24T08:00:00.000Z') {
  return createEvent(
    EventType.AccountDeactivated,
    { userId, email: `${userId}@example.com`, name: 'Ada Lovelace', deactivatedAt },
    { source },
  );
}

/**
 * A payment as counted: the light event and the payment's current state read back for it (what the handler
 * gets from the platform API).
 */
export function paid(
  paymentId = 'p-1',
  amount = 4999,
  currency = 'GBP',
  completedAt = '2026-11-23T10:00:00.000Z',
) {
  const {
    pk: _pk,
    sk: _sk,
    entityType: _type,
    courseTitle: _t,
    userName: _n,
    email: _e,
    ...view
  } = paymentItem(paymentId, amount, currency);
  return { event: paymentCompleted(paymentId, completedAt), current: { payment: { ...view, completedAt } } };
}
