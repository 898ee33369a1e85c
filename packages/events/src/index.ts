export {
  EVENT_ARCHIVE_RETENTION_DAYS,
  eventArchiveRetentionDays,
  MAX_EVENT_ARCHIVE_RETENTION_DAYS,
} from './archive';
export type {
  CertificateGeneratedData,
  CertificateGeneratedV1Data,
} from './certificate/certificate-generated';
export {
  CertificateGenerated,
  CertificateGeneratedDataSchema,
  CertificateGeneratedV1,
  CertificateGeneratedV1DataSchema,
  CertificateGeneratedV2,
} from './certificate/certificate-generated';
export {
  applyClaimCheck,
  type ClaimCheckFetcher,
  type ClaimCheckOptions,
  type ClaimCheckStore,
  claimCheckKey,
  fetchClaimCheck,
  needsClaimCheck,
  restoreClaimCheck,
} from './claim-check';
export {
  CourseCompleted,
  type CourseCompletedData,
  CourseCompletedDataSchema,
  CourseCompletedV1,
  type CourseCompletedV1Data,
  CourseCompletedV1DataSchema,
  CourseCompletedV2,
  downgradeCourseCompletedToV1,
  upgradeCourseCompletedV1,
} from './course/course-completed';
export {
  CoursePaymentComplete,
  type CoursePaymentCompleteData,
  CoursePaymentCompleteDataSchema,
  CoursePaymentCompleteV1,
} from './course/course-payment-complete';
export {
  CourseRegistered,
  type CourseRegisteredData,
  CourseRegisteredDataSchema,
  CourseRegisteredV1,
} from './course/course-registered';
export {
  PaymentCompleted,
  type PaymentCompletedData,
  PaymentCompletedDataSchema,
  PaymentCompletedV1,
} from './course/payment-completed';
export { createEvent, createEventVersion, type EventContext } from './create-event';
export { defineEvent, type EventDefinition } from './define-event';
export {
  type ClaimCheckReference,
  ClaimCheckReferenceSchema,
  DOMAINS,
  type Domain,
  EventDetailSchema,
  type EventMetadata,
  EventMetadataSchema,
  eventDepth,
  SOURCE_PREFIX,
} from './envelope';
export {
  ClaimCheckError,
  EventsError,
  EventUpgradeError,
  EventValidationError,
  type ValidationIssue,
} from './errors';
export {
  EVENTBRIDGE_MAX_ENTRIES_PER_PUT,
  EVENTBRIDGE_MAX_ENTRY_BYTES,
  type EventBridgeEvent,
  type PublishableEvent,
  type PutEventsEntry,
  putEventsEntrySize,
  toPutEventsEntry,
} from './eventbridge';
export { newEventId, uuidFromName } from './ids';
export {
  eventJsonSchemas,
  eventSchemasDirectory,
  renderEventJsonSchemas,
  schemaFileName,
} from './json-schema';
export { createLocalClaimCheckStore } from './local-claim-check-store';
export { formatMinorUnits } from './money';
export { type ParseEventOptions, parseEvent } from './parse-event';
export {
  dataFieldsOf,
  personalFieldNames,
  personalFieldsOf,
  personalFieldsOfVersion,
  personalValuesOf,
  REDACTED,
  redactEvent,
  redactEventWithPaths,
  redactPersonalText,
} from './personal-data';
export {
  type PersonalDataKind,
  type PersonalDataMeta,
  personalData,
  personalField,
} from './personal-data-marks';
export {
  type CurrentEventOf,
  type DomainEvent,
  type DomainEventOf,
  type DomainEventOfType,
  EVENT_DEFINITIONS,
  EVENT_VERSIONS,
  type EventDataOf,
  type EventDataOfVersion,
  EventType,
  type EventTypeName,
  findDefinition,
  isEvent,
  isEventType,
  knownVersions,
  upgradeEvent,
} from './registry';
export type { EventPattern, Subscription } from './subscription';
export {
  SupportTicketOpened,
  type SupportTicketOpenedData,
  SupportTicketOpenedDataSchema,
  SupportTicketOpenedV1,
} from './support-ticket/support-ticket-opened';
export {
  AccountDeactivated,
  type AccountDeactivatedData,
  AccountDeactivatedDataSchema,
  AccountDeactivatedV1,
} from './user/account-deactivated';
export {
  UserSignedUp,
  type UserSignedUpData,
  UserSignedUpDataSchema,
  UserSignedUpV1,
} from './user/user-signed-up';
export {
  VideoProcessingFailed,
  type VideoProcessingFailedData,
  VideoProcessingFailedDataSchema,
  VideoProcessingFailedV1,
} from './video/video-processing-failed';
export {
  VideoPublished,
  type VideoPublishedData,
  VideoPublishedDataSchema,
  VideoPublishedV1,
} from './video/video-published';
