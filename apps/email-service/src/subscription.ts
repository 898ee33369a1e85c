import { EventType, SOURCE_PREFIX, type Subscription } from '@sfe/events';

/** The event types this service emails about; the handler accepts exactly these. */
export const EMAIL_EVENT_TYPES = [
  EventType.UserSignedUp,
  EventType.CoursePaymentComplete,
  EventType.CourseCompleted,
  EventType.CertificateGenerated,
] as const;

/**
 * Versions the rule skips on purpose. The stream processor publishes CourseCompleted v1 *beside* v2 (same
 * completion, different event id) while v1-only consumers remain; we read v2, so taking v1 too would send a
 * second congratulations email. Other versions are not filtered: an unknown one reaches the queue and fails
 * loudly into the DLQ instead of being dropped without a trace. (The handler still reads CourseCompleted v1,
 * upgraded, for messages that predate v2; a CertificateGenerated v1 fails into the DLQ naming what it lacks.)
 */
export const SKIPPED_VERSIONS = {
  [EventType.CourseCompleted]: [1],
  // Published beside v2 for older consumers; v1 has no download address, and v2 of the same certificate comes.
  [EventType.CertificateGenerated]: [1],
} as const;

/** One rule on the platform bus for every learner email. */
export const learnerEmails: Subscription = {
  id: 'learner-emails',
  bus: 'platform',
  pattern: {
    source: [{ prefix: SOURCE_PREFIX }],
    $or: [
      {
        'detail-type': [EventType.UserSignedUp, EventType.CoursePaymentComplete],
      },
      {
        'detail-type': [EventType.CourseCompleted],
        detail: { metadata: { version: [{ 'anything-but': [...SKIPPED_VERSIONS.CourseCompleted] }] } },
      },
      {
        'detail-type': [EventType.CertificateGenerated],
        detail: { metadata: { version: [{ 'anything-but': [...SKIPPED_VERSIONS.CertificateGenerated] }] } },
      },
    ],
  },
  description: 'Welcome, receipt, congratulations and certificate-ready emails to learners',
};

export const subscriptions: Subscription[] = [learnerEmails];
