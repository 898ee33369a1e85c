import { EventType, SOURCE_PREFIX, type Subscription } from '@sfe/events';

/** The event types the reports count, each pinned to the versions this service reads. */
export const REPORTED_EVENT_TYPES = [
  EventType.UserSignedUp,
  // The light payment event: revenue is read back from the platform API when the event is counted.
  EventType.PaymentCompleted,
  EventType.CourseCompleted,
  EventType.AccountDeactivated,
] as const;

/**
 * One rule for every reported event, so one queue and one function keep the counters: `$or` pins each
 * type to its versions (CourseCompleted v1 is upgraded; the others have only v1).
 */
export const reportedEventsSubscription: Subscription = {
  id: 'reported-events',
  bus: 'platform',
  pattern: {
    source: [{ prefix: SOURCE_PREFIX }],
    $or: [
      {
        'detail-type': [EventType.UserSignedUp, EventType.PaymentCompleted, EventType.AccountDeactivated],
        detail: { metadata: { version: [1] } },
      },
      { 'detail-type': [EventType.CourseCompleted], detail: { metadata: { version: [1, 2] } } },
    ],
  },
  description: 'Count signups, revenue, completions and active accounts for the reporting tables',
};

export const subscriptions: readonly Subscription[] = [reportedEventsSubscription];
