import { EventType, SOURCE_PREFIX, type Subscription } from '@sfe/events';

/** The event types the team is told about; the handler accepts exactly these. */
export const NOTIFICATION_EVENT_TYPES = [
  EventType.UserSignedUp,
  EventType.CoursePaymentComplete,
  EventType.CourseCompleted,
  EventType.VideoProcessingFailed,
] as const;

/**
 * Versions the rule skips on purpose. The stream processor publishes CourseCompleted v1 *beside* v2 (same
 * completion, different event id) while v1-only consumers remain; we read v2, so taking v1 too would ping the
 * team twice for one completion. (The handler still reads v1, upgraded, for messages that predate v2.)
 */
export const SKIPPED_VERSIONS = { [EventType.CourseCompleted]: [1] } as const;

/**
 * One rule on the platform bus. Other versions are not filtered: a future version should reach the queue and
 * fail loudly into the DLQ (until this service learns it) rather than be silently unmatched.
 */
export const teamNotifications: Subscription = {
  id: 'team-notifications',
  bus: 'platform',
  pattern: {
    source: [{ prefix: SOURCE_PREFIX }],
    $or: [
      {
        'detail-type': NOTIFICATION_EVENT_TYPES.filter((type) => !(type in SKIPPED_VERSIONS)),
      },
      {
        'detail-type': [EventType.CourseCompleted],
        detail: { metadata: { version: [{ 'anything-but': [...SKIPPED_VERSIONS.CourseCompleted] }] } },
      },
    ],
  },
  description:
    'Signups, payments, course completions and failed video processing posted to the team chat (Slack and/or Telegram)',
};

export const subscriptions: Subscription[] = [teamNotifications];
