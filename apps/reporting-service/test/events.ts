import { createEvent, createEventVersion, EventType } from '@sfe/events';

const source = 'sfe-stream-processor';

export function userSignedUp(userId = 'u-1', signedUpAt = '2026-11-23T09:00:00.000Z') {
  return createEvent(
    EventType.UserSignedUp,
    { userId, email: `${userId}@example.com`, name: 'Ada Lovelace', signedUpAt },
    { source },
  );
}

export function paymentComplete(
  paymentId = 'p-1',
  amount = 4999,
  currency = 'GBP',
  completedAt = '2026-11-23T10:00:00.000Z',
) {
  return createEvent(
    EventType.CoursePaymentComplete,
    {
      paymentId,
      userId: 'u-1',
      courseId: 'c-1',
      amount,
      currency,
      completedAt,
      courseTitle: 'Event-Driven Architecture',
      userName: 'Ada Lovelace',
      email: 'u-1@example.com',
    },
    { source },
  );
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
