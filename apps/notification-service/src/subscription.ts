import { EventType, SOURCE_PREFIX, type Subscription } from '@sfe/events';

/** The event types the team is told about; the handler accepts exactly these. */
export const NOTIFICATION_EVENT_TYPES = [
  EventType.UserSignedUp,
  EventType.CoursePaymentComplete,
  EventType.VideoProcessingFailed,
] as const;

/**
 * One rule on the platform bus. Versions are not filtered: each type has one version today, and a future
 * version should reach the queue and fail loudly into the DLQ (until this service learns it) rather than be
 * silently unmatched.
 */
export const teamNotifications: Subscription = {
  id: 'team-notifications',
  bus: 'platform',
  pattern: {
    source: [{ prefix: SOURCE_PREFIX }],
    'detail-type': [...NOTIFICATION_EVENT_TYPES],
  },
  description:
    'Signups, payments and failed video processing posted to the team chat (Slack and/or Telegram)',
};

export const subscriptions: Subscription[] = [teamNotifications];
