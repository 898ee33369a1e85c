import { EventType, SOURCE_PREFIX, type Subscription } from '@sfe/events';
import {
  CONFIGURATION_SET_TAG,
  EMAIL_BOUNCED,
  EMAIL_COMPLAINT_RECEIVED,
  SES_SOURCE,
} from './aws-events/ses-feedback';

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

/** The SES configuration set's name in the local runtime (its `SES_CONFIGURATION_SET` local setting). */
export const LOCAL_CONFIGURATION_SET = 'sfe-local-email-service';

/** The id of the bounce and complaint subscription, which names its rule, queue, DLQ and function. */
export const SES_FEEDBACK_ID = 'ses-feedback';

/**
 * SES's bounces and complaints for our configuration set, on the account's default bus (the only bus SES
 * publishes to). The rule names the set (SES tags every event with it), so other senders of the account, and
 * other stages, suppress nothing here: the stack passes the set it creates, the local runtime its local one.
 * Transient bounces are routed too: the handler logs them, so a person sees them, and suppresses nothing.
 */
export function createSesFeedbackSubscription(configurationSetName: string): Subscription {
  return {
    id: SES_FEEDBACK_ID,
    bus: 'default',
    pattern: {
      source: [SES_SOURCE],
      'detail-type': [EMAIL_BOUNCED, EMAIL_COMPLAINT_RECEIVED],
      detail: { mail: { tags: { [CONFIGURATION_SET_TAG]: [configurationSetName] } } },
    },
    description:
      'SES bounces and complaints of our configuration set: permanent bounces and complaints suppress the address',
  };
}

/** The bounce and complaint subscription with the local runtime's configuration set. */
export const sesFeedback: Subscription = createSesFeedbackSubscription(LOCAL_CONFIGURATION_SET);

export const subscriptions: Subscription[] = [learnerEmails, sesFeedback];
