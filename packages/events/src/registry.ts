import type * as z from 'zod/mini';
import {
  CertificateGenerated,
  CertificateGeneratedV1,
  CertificateGeneratedV2,
} from './certificate/certificate-generated';
import {
  CourseCompleted,
  CourseCompletedV1,
  type CourseCompletedV1Data,
  CourseCompletedV2,
  upgradeCourseCompletedV1,
} from './course/course-completed';
import { CoursePaymentComplete, CoursePaymentCompleteV1 } from './course/course-payment-complete';
import { CourseRegistered, CourseRegisteredV1 } from './course/course-registered';
import { PaymentCompleted, PaymentCompletedV1 } from './course/payment-completed';
import type { EventDefinition } from './define-event';
import type { EventMetadata } from './envelope';
import { EventUpgradeError } from './errors';
import { SupportTicketOpened, SupportTicketOpenedV1 } from './support-ticket/support-ticket-opened';
import { AccountDeactivated, AccountDeactivatedV1 } from './user/account-deactivated';
import { UserSignedUp, UserSignedUpV1 } from './user/user-signed-up';
import { VideoProcessingFailed, VideoProcessingFailedV1 } from './video/video-processing-failed';
import { VideoPublished, VideoPublishedV1 } from './video/video-published';

/** Every event type name, as constants: `EventType.CourseCompleted === 'CourseCompleted'`. */
export const EventType = {
  UserSignedUp,
  AccountDeactivated,
  CourseRegistered,
  CourseCompleted,
  CoursePaymentComplete,
  PaymentCompleted,
  CertificateGenerated,
  VideoPublished,
  VideoProcessingFailed,
  SupportTicketOpened,
} as const;
export type EventTypeName = (typeof EventType)[keyof typeof EventType];

/**
 * The version producers stamp on each type today. Checked against `Record<EventTypeName, number>`: add a type
 * to `EventType` and forget its version here, and the build fails. (`satisfies` rather than an annotation keeps
 * each literal version, so `createEvent` knows which payload schema is current.)
 */
export const EVENT_VERSIONS = {
  [EventType.UserSignedUp]: 1,
  [EventType.AccountDeactivated]: 1,
  [EventType.CourseRegistered]: 1,
  [EventType.CourseCompleted]: 2, // bumped: ISO completedAt and courseTitle replaced completionDate/courseName
  [EventType.CoursePaymentComplete]: 1,
  [EventType.PaymentCompleted]: 1,
  [EventType.CertificateGenerated]: 2, // bumped: the stable downloadUrl replaced the bucket's objectKey
  [EventType.VideoPublished]: 1,
  [EventType.VideoProcessingFailed]: 1,
  [EventType.SupportTicketOpened]: 1,
} as const satisfies Record<EventTypeName, number>;

/** Every schema of every version: types, JSON Schema, docs and parsing all derive from this list. */
export const EVENT_DEFINITIONS = [
  UserSignedUpV1,
  AccountDeactivatedV1,
  CourseRegisteredV1,
  CourseCompletedV1,
  CourseCompletedV2,
  CoursePaymentCompleteV1,
  PaymentCompletedV1,
  CertificateGeneratedV1,
  CertificateGeneratedV2,
  VideoPublishedV1,
  VideoProcessingFailedV1,
  SupportTicketOpenedV1,
] as const;

export type AnyDefinition = (typeof EVENT_DEFINITIONS)[number];
export type DefinitionOf<T extends EventTypeName, V extends number = number> = Extract<
  AnyDefinition,
  { type: T; version: V }
>;

/** One parsed event of one type and version: `metadata.type` and `metadata.version` narrow `data`. */
export type DomainEventOf<D extends AnyDefinition> =
  D extends EventDefinition<infer T, infer V, infer S>
    ? { readonly metadata: EventMetadata & { type: T; version: V }; readonly data: z.infer<S> }
    : never;

/** Any of our events, any version: a discriminated union on `metadata.type` (then `metadata.version`). */
export type DomainEvent = DomainEventOf<AnyDefinition>;
/** Events of one type, every version still accepted (e.g. CourseCompleted v1 | v2). */
export type DomainEventOfType<T extends EventTypeName> = DomainEventOf<DefinitionOf<T>>;
/** An event of a type's current version. */
export type CurrentEventOf<T extends EventTypeName> = DomainEventOf<
  DefinitionOf<T, (typeof EVENT_VERSIONS)[T]>
>;
/** The current version's payload of a type. */
export type EventDataOf<T extends EventTypeName> = z.infer<
  DefinitionOf<T, (typeof EVENT_VERSIONS)[T]>['dataSchema']
>;
/** The payload of one specific version of a type. */
export type EventDataOfVersion<T extends EventTypeName, V extends number> = z.infer<
  DefinitionOf<T, V>['dataSchema']
>;

const definitionsByKey = new Map<string, AnyDefinition>(
  EVENT_DEFINITIONS.map((d) => [`${d.type}@${d.version}`, d]),
);

/** The definition of one type and version, or undefined when we do not know it. */
export function findDefinition(type: string, version: number): AnyDefinition | undefined {
  return definitionsByKey.get(`${type}@${version}`);
}

/** Versions of a type that consumers accept, oldest first. */
export function knownVersions(type: string): number[] {
  return EVENT_DEFINITIONS.filter((d) => d.type === type)
    .map((d) => d.version as number)
    .sort((a, b) => a - b);
}

export function isEventType(value: string): value is EventTypeName {
  return Object.hasOwn(EVENT_VERSIONS, value);
}

/**
 * Narrows a parsed event to one type (and optionally one version). TypeScript does not narrow `event.data` on a
 * check of the nested `event.metadata.type`, so consumers use this guard instead.
 * @example if (isEvent(event, 'CourseCompleted')) handle(upgradeEvent(event).data); // CourseCompletedData
 */
export function isEvent<T extends EventTypeName>(event: DomainEvent, type: T): event is DomainEventOfType<T>;
export function isEvent<T extends EventTypeName, V extends number>(
  event: DomainEvent,
  type: T,
  version: V,
): event is DomainEventOf<DefinitionOf<T, V>>;
export function isEvent(event: DomainEvent, type: string, version?: number): boolean {
  return event.metadata.type === type && (version === undefined || event.metadata.version === version);
}

/**
 * Upgrades an event to its type's current version, so consumers handle one shape. Throws `EventUpgradeError`
 * for a version that cannot be read as the current one: CertificateGenerated v1 has no `downloadUrl`, and only
 * certificate-service knows its download address (consumers of v2 leave v1 out of their rule).
 */
export function upgradeEvent<T extends EventTypeName>(event: DomainEventOfType<T>): CurrentEventOf<T> {
  const e = event as DomainEvent;
  if (e.metadata.type === EventType.CertificateGenerated && e.metadata.version === 1) {
    throw new EventUpgradeError(
      `CertificateGenerated v1 (event ${e.metadata.id}) cannot be read as v2: v1 carries no downloadUrl. ` +
        'The stream processor publishes v2 beside v1 for the same certificate; route v2 only.',
    );
  }
  if (e.metadata.type === EventType.CourseCompleted && e.metadata.version === 1) {
    return {
      metadata: { ...e.metadata, version: 2 },
      // Nested discriminants do not narrow in TypeScript; the check above is the guard.
      data: upgradeCourseCompletedV1(e.data as CourseCompletedV1Data),
    } as unknown as CurrentEventOf<T>;
  }
  return event as unknown as CurrentEventOf<T>;
}
