import {
  downgradeCourseCompletedToV1,
  EVENT_VERSIONS,
  type EventDataOfVersion,
  EventType,
  type EventTypeName,
} from '@sfe/events';
import type { EntityType, PlatformItem } from '@sfe/records';
import { MalformedRecordError } from './errors';
import type { PreviousItem } from './parse-record';

type ItemOf<E extends EntityType> = Extract<PlatformItem, { entityType: E }>;
/**
 * The only fields of the item before the change that transitions compare: `detectEvents` unmarshals just these
 * from a MODIFY's old image. Reading another field is a type error until it is added here.
 */
export const PREVIOUS_FIELDS = ['status', 'completedAt'] as const;
/** The item before the change: the previous fields, values unvalidated (`parseStreamRecord` says why). */
type PreviousOf<E extends EntityType> = {
  readonly [K in Extract<keyof ItemOf<E>, (typeof PREVIOUS_FIELDS)[number]>]?: unknown;
};

/** What a transition may know besides the item: when the change was committed. */
export interface TransitionContext {
  readonly changedAt: string;
}

/** Switches that decide which transitions are live. */
export interface TransitionFlags {
  /** Publish CourseCompleted v1 beside v2 while v1 consumers still exist. */
  readonly emitCourseCompletedV1: boolean;
  /** Publish CertificateGenerated v1 beside v2 while v1 consumers still exist (default true). */
  readonly emitCertificateGeneratedV1?: boolean;
}

/**
 * One business fact derived from one kind of change, declared as data. `name` is part of every derived event
 * id (`uuidFromName(eventID:name)`): renaming a transition changes the ids of events it republishes.
 */
export interface Transition {
  readonly name: string;
  readonly entityType: EntityType;
  readonly eventType: EventTypeName;
  readonly version: number;
  /** Off unless this returns true (a transition without it is always on). */
  readonly enabledWhen?: (flags: TransitionFlags) => boolean;
  /** True when the change from `oldItem` (absent on INSERT) to `newItem` is this fact. */
  readonly detect: (
    oldItem: PreviousItem | undefined,
    newItem: PlatformItem,
    eventName: 'INSERT' | 'MODIFY',
  ) => boolean;
  /** The event's payload, from the item after the change. */
  readonly build: (newItem: PlatformItem, context: TransitionContext) => Record<string, unknown>;
}

/** Declares a transition with its item and payload types checked against the entity and the event's schema. */
function defineTransition<E extends EntityType, T extends EventTypeName, V extends number>(spec: {
  name: string;
  entityType: E;
  eventType: T;
  version: V;
  enabledWhen?: (flags: TransitionFlags) => boolean;
  detect: (oldItem: PreviousOf<E> | undefined, newItem: ItemOf<E>, eventName: 'INSERT' | 'MODIFY') => boolean;
  build: (newItem: ItemOf<E>, context: TransitionContext) => EventDataOfVersion<T, V>;
}): Transition {
  // detectEvents only hands a transition items of its own entityType, so widening the parameters is safe.
  return spec as unknown as Transition;
}

/** A field the transition's detection guarantees, or a clear error naming the item and the field. */
function present<T>(value: T | undefined, entityType: EntityType, field: string): T {
  if (value === undefined || value === null || value === '') {
    throw new MalformedRecordError(`${entityType} item has no ${field}, which its event requires`);
  }
  return value;
}

const isInsert = (_old: unknown, _new: unknown, eventName: 'INSERT' | 'MODIFY') => eventName === 'INSERT';

const courseCompletedData = (item: ItemOf<'ENROLMENT'>) => ({
  userId: item.userId,
  courseId: item.courseId,
  courseTitle: item.courseTitle,
  userName: item.userName,
  email: item.email,
  completedAt: present(item.completedAt, 'ENROLMENT', 'completedAt'),
});

// "absent to present" includes an INSERT that arrives already completed (an imported enrolment): the fact
// happened and no earlier record announced it.
const completedAtFirstSet = (oldItem: PreviousOf<'ENROLMENT'> | undefined, newItem: ItemOf<'ENROLMENT'>) =>
  absent(oldItem?.completedAt) && newItem.completedAt !== undefined;

/** Not there: missing, or stored as DynamoDB NULL. */
const absent = (value: unknown) => value === undefined || value === null;

/** A status reached by this change: it is the new status and was not the old one (INSERT: no old one). */
function becomes<S extends string>(status: S) {
  return (oldItem: { readonly status?: unknown } | undefined, newItem: { readonly status: string }) =>
    newItem.status === status && oldItem?.status !== status;
}

/** Every transition the stream processor publishes. Anything not listed here emits nothing. */
export const TRANSITIONS: readonly Transition[] = [
  defineTransition({
    name: 'user-signed-up',
    entityType: 'USER',
    eventType: EventType.UserSignedUp,
    version: EVENT_VERSIONS.UserSignedUp,
    detect: isInsert,
    build: (user) => ({
      userId: user.userId,
      email: user.email,
      name: user.name,
      signedUpAt: user.createdAt,
    }),
  }),
  defineTransition({
    name: 'account-deactivated',
    entityType: 'USER',
    eventType: EventType.AccountDeactivated,
    version: EVENT_VERSIONS.AccountDeactivated,
    detect: (oldUser, newUser) => oldUser?.status === 'active' && newUser.status === 'deactivated',
    // The item keeps no deactivation time: the commit time of the change is when it happened.
    build: (user, { changedAt }) => ({
      userId: user.userId,
      email: user.email,
      name: user.name,
      deactivatedAt: changedAt,
    }),
  }),
  defineTransition({
    name: 'course-registered',
    entityType: 'ENROLMENT',
    eventType: EventType.CourseRegistered,
    version: EVENT_VERSIONS.CourseRegistered,
    detect: isInsert,
    build: (enrolment) => ({
      userId: enrolment.userId,
      courseId: enrolment.courseId,
      courseTitle: enrolment.courseTitle,
      userName: enrolment.userName,
      email: enrolment.email,
      enrolledAt: enrolment.enrolledAt,
    }),
  }),
  defineTransition({
    name: 'course-completed',
    entityType: 'ENROLMENT',
    eventType: EventType.CourseCompleted,
    version: 2,
    detect: completedAtFirstSet,
    build: courseCompletedData,
  }),
  defineTransition({
    name: 'course-completed-v1',
    entityType: 'ENROLMENT',
    eventType: EventType.CourseCompleted,
    version: 1,
    enabledWhen: (flags) => flags.emitCourseCompletedV1,
    detect: completedAtFirstSet,
    build: (enrolment) => downgradeCourseCompletedToV1(courseCompletedData(enrolment)),
  }),
  defineTransition({
    name: 'course-payment-complete',
    entityType: 'PAYMENT',
    eventType: EventType.CoursePaymentComplete,
    version: EVENT_VERSIONS.CoursePaymentComplete,
    detect: becomes('complete'),
    build: (payment, { changedAt }) => ({
      paymentId: payment.paymentId,
      userId: payment.userId,
      courseId: payment.courseId,
      amount: payment.amount,
      currency: payment.currency,
      // A payment written complete without its own completion time completed when it was committed.
      completedAt: payment.completedAt ?? changedAt,
      courseTitle: payment.courseTitle,
      userName: payment.userName,
      email: payment.email,
    }),
  }),
  defineTransition({
    // The light twin of the payment above, for consumers that call back for the payment's current state.
    name: 'payment-completed',
    entityType: 'PAYMENT',
    eventType: EventType.PaymentCompleted,
    version: EVENT_VERSIONS.PaymentCompleted,
    detect: becomes('complete'),
    build: (payment, { changedAt }) => ({
      paymentId: payment.paymentId,
      userId: payment.userId,
      courseId: payment.courseId,
      completedAt: payment.completedAt ?? changedAt,
    }),
  }),
  defineTransition({
    // The v1 transition keeps the name it had when it was the only one, so a replayed record republishes v1
    // with the ids its consumers have already seen.
    name: 'certificate-generated-v2',
    entityType: 'CERTIFICATE',
    eventType: EventType.CertificateGenerated,
    version: 2,
    detect: isInsert,
    build: (certificate) => ({
      certificateId: certificate.certificateId,
      userId: certificate.userId,
      courseId: certificate.courseId,
      // certificate-service's own address for it, written into the item: the one place it is defined.
      downloadUrl: present(certificate.downloadUrl, 'CERTIFICATE', 'downloadUrl'),
      issuedAt: certificate.issuedAt,
      courseTitle: certificate.courseTitle,
      userName: certificate.userName,
      email: certificate.email,
    }),
  }),
  defineTransition({
    name: 'certificate-generated',
    entityType: 'CERTIFICATE',
    eventType: EventType.CertificateGenerated,
    version: 1,
    enabledWhen: (flags) => flags.emitCertificateGeneratedV1 ?? true,
    detect: isInsert,
    build: (certificate) => ({
      certificateId: certificate.certificateId,
      userId: certificate.userId,
      courseId: certificate.courseId,
      objectKey: certificate.objectKey,
      issuedAt: certificate.issuedAt,
      courseTitle: certificate.courseTitle,
      userName: certificate.userName,
      email: certificate.email,
    }),
  }),
  defineTransition({
    name: 'video-published',
    entityType: 'VIDEO',
    eventType: EventType.VideoPublished,
    version: EVENT_VERSIONS.VideoPublished,
    detect: becomes('ready'),
    build: (video) => ({
      videoId: video.videoId,
      courseId: video.courseId,
      title: video.title,
      outputKey: present(video.outputKey, 'VIDEO', 'outputKey'),
      captionsKey: present(video.captionsKey, 'VIDEO', 'captionsKey'),
    }),
  }),
  defineTransition({
    name: 'video-processing-failed',
    entityType: 'VIDEO',
    eventType: EventType.VideoProcessingFailed,
    version: EVENT_VERSIONS.VideoProcessingFailed,
    detect: becomes('failed'),
    build: (video) => ({
      videoId: video.videoId,
      courseId: video.courseId,
      title: video.title,
      failureReason: present(video.failureReason, 'VIDEO', 'failureReason'),
    }),
  }),
  defineTransition({
    name: 'support-ticket-opened',
    entityType: 'TICKET',
    eventType: EventType.SupportTicketOpened,
    version: EVENT_VERSIONS.SupportTicketOpened,
    detect: isInsert,
    build: (ticket) => ({
      ticketId: ticket.ticketId,
      userId: ticket.userId,
      subject: ticket.subject,
      openedAt: ticket.openedAt,
    }),
  }),
];
