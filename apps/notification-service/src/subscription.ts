import { EventType, SOURCE_PREFIX, type Subscription } from '@sfe/events';
import { ALARM_STATE_CHANGE, CLOUDWATCH_SOURCE } from './aws-events/alarm-state-change';

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

/** The prefix of every alarm name of ours (`sfe-<stage>-...`): other alarms of the account are not ours to post. */
export const OUR_ALARMS_PREFIX = 'sfe-';

/**
 * Our CloudWatch alarms' state changes, on the account's default bus (where CloudWatch puts them), for the ops
 * channel: an alarm firing, and one returning to OK from ALARM. An alarm becoming OK from INSUFFICIENT_DATA
 * (every new alarm does, after a deploy) is not news, nor is INSUFFICIENT_DATA (an idle metric).
 */
export const opsAlarms: Subscription = {
  id: 'ops-alarms',
  bus: 'default',
  pattern: {
    source: [CLOUDWATCH_SOURCE],
    'detail-type': [ALARM_STATE_CHANGE],
    detail: { alarmName: [{ prefix: OUR_ALARMS_PREFIX }] },
    $or: [
      { detail: { state: { value: ['ALARM'] } } },
      { detail: { state: { value: ['OK'] }, previousState: { value: ['ALARM'] } } },
    ],
  },
  description: 'Our CloudWatch alarms firing and clearing, posted to the ops chat (Slack and/or Telegram)',
};

export const subscriptions: Subscription[] = [teamNotifications, opsAlarms];
