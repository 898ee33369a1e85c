import {
  type CourseCompletedData,
  type CoursePaymentCompleteData,
  type DomainEventOfType,
  type EventDataOf,
  EventType,
  formatMinorUnits,
  type UserSignedUpData,
  upgradeEvent,
  type VideoProcessingFailedData,
} from '@sfe/events';

/** The events the team hears about, every version accepted (CourseCompleted v1 is read as v2). */
export type NotificationEvent =
  | DomainEventOfType<typeof EventType.UserSignedUp>
  | DomainEventOfType<typeof EventType.CoursePaymentComplete>
  | DomainEventOfType<typeof EventType.CourseCompleted>
  | DomainEventOfType<typeof EventType.VideoProcessingFailed>;

export type NotificationKind =
  | 'new-signup'
  | 'payment-received'
  | 'course-completed'
  | 'video-processing-failed'
  | 'alarm'
  | 'alarm-resolved';

/** A channel-neutral message: Slack blocks and Telegram HTML are both rendered from this. */
export interface Notification {
  readonly kind: NotificationKind;
  readonly eventId: string;
  /** `alert` asks for attention (a failure, an alarm); `info` is good news (an alarm back to OK too). */
  readonly severity: 'info' | 'alert';
  /** One line, plain text; rendered bold where the channel can. */
  readonly title: string;
  /** Label/value pairs, plain text; each channel escapes them its own way. */
  readonly fields: readonly NotificationField[];
  /** Longer plain text shown under the fields (e.g. a failure reason), if any. */
  readonly details?: string;
}

export interface NotificationField {
  readonly label: string;
  readonly value: string;
}

export interface DescribeOptions {
  /** BCP 47 locale for amounts. */
  readonly locale: string;
}

/**
 * What the team should read about an event. Pure; values stay raw here (channels escape them).
 * @example describeEvent(paymentEvent, { locale: 'en-GB' }).title // 'Payment received: £49.99'
 */
export function describeEvent(event: NotificationEvent, options: DescribeOptions): Notification {
  const current = upgradeEvent(event);
  // Nested discriminants do not narrow `data` in TypeScript; the table is keyed by the same type.
  const describe = DESCRIBERS[current.metadata.type as NotificationEvent['metadata']['type']] as (
    data: unknown,
    options: DescribeOptions,
  ) => Omit<Notification, 'eventId'>;
  return { eventId: current.metadata.id, ...describe(current.data, options) };
}

type Describers = {
  [T in NotificationEvent['metadata']['type']]: (
    data: EventDataOf<T>,
    options: DescribeOptions,
  ) => Omit<Notification, 'eventId'>;
};

const DESCRIBERS: Describers = {
  [EventType.UserSignedUp]: (data: UserSignedUpData) => ({
    kind: 'new-signup',
    severity: 'info',
    title: `New signup: ${data.name}`,
    fields: [
      { label: 'Name', value: data.name },
      { label: 'Email', value: data.email },
      { label: 'User id', value: data.userId },
      { label: 'Signed up', value: data.signedUpAt },
    ],
  }),
  [EventType.CoursePaymentComplete]: (data: CoursePaymentCompleteData, { locale }) => {
    const amount = formatMinorUnits(data.amount, data.currency, locale);
    return {
      kind: 'payment-received',
      severity: 'info',
      title: `Payment received: ${amount}`,
      fields: [
        { label: 'Amount', value: amount },
        { label: 'Course', value: data.courseTitle },
        { label: 'Learner', value: `${data.userName} (${data.email})` },
        { label: 'Payment id', value: data.paymentId },
        { label: 'Paid', value: data.completedAt },
      ],
    };
  },
  [EventType.CourseCompleted]: (data: CourseCompletedData) => ({
    kind: 'course-completed',
    severity: 'info',
    title: `Course completed: ${data.courseTitle}`,
    fields: [
      { label: 'Course', value: data.courseTitle },
      { label: 'Learner', value: `${data.userName} (${data.email})` },
      { label: 'Course id', value: data.courseId },
      { label: 'Completed', value: data.completedAt },
    ],
  }),
  [EventType.VideoProcessingFailed]: (data: VideoProcessingFailedData) => ({
    kind: 'video-processing-failed',
    severity: 'alert',
    title: `Video processing failed: ${data.title}`,
    fields: [
      { label: 'Video', value: data.title },
      { label: 'Video id', value: data.videoId },
      { label: 'Course id', value: data.courseId },
    ],
    details: data.failureReason,
  }),
};
