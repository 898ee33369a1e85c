import {
  type CertificateGeneratedData,
  type CourseCompletedData,
  type CourseCompletedV1Data,
  type CoursePaymentCompleteData,
  type CurrentEventOf,
  createEventVersion,
  EVENT_VERSIONS,
  type EventContext,
  type EventDataOf,
  type EventDataOfVersion,
  EventType,
  type EventTypeName,
  type UserSignedUpData,
  type VideoProcessingFailedData,
} from '@sfe/events';
import { loadFixture } from '@sfe/events/fixtures';

/** What a test may set of an event's context; the rest comes from the fixture (or a new id). */
export type TestEventContext = Partial<EventContext>;

/**
 * A real event of one type and version, built through the contract package so it can never drift from the
 * schemas: the data of that version's shared fixture (`@sfe/events/fixtures`) with `data` laid over it, the
 * fixture's `source` and `created`, and a new id and correlation unless `context` gives them.
 * @example buildTestEventVersion(EventType.CourseCompleted, 1, { userId: 'u-1' })
 */
export function buildTestEventVersion<T extends EventTypeName, V extends number>(
  type: T,
  version: V,
  data: Partial<EventDataOfVersion<T, V>> = {},
  context: TestEventContext = {},
): ReturnType<typeof createEventVersion<T, V>> {
  const fixture = loadFixture(type, version).detail as unknown as {
    metadata: { source: string; created: string };
    data: EventDataOfVersion<T, V>;
  };
  return createEventVersion(
    type,
    version,
    { ...fixture.data, ...data },
    { source: fixture.metadata.source, created: fixture.metadata.created, ...context },
  );
}

/** {@link buildTestEventVersion} for the type's current version. */
export function buildTestEvent<T extends EventTypeName>(
  type: T,
  data: Partial<EventDataOf<T>> = {},
  context: TestEventContext = {},
): CurrentEventOf<T> {
  return buildTestEventVersion(type, EVENT_VERSIONS[type], data as never, context) as CurrentEventOf<T>;
}

/** The learner and course the shared test events are about. */
export const TEST_LEARNER = { userId: 'user-1', email: 'ada@example.com', name: 'Ada Lovelace' } as const;
export const TEST_COURSE = { courseId: 'course-7', courseTitle: 'Event-Driven Architecture' } as const;

/**
 * The context of the shared test events: one flow, published by the stream processor at one instant. Each
 * builder below has its own fixed id, so tests can assert ids, message ids and file names.
 */
export const TEST_EVENT_CONTEXT = {
  source: 'sfe-stream-processor',
  created: '2026-11-23T10:00:00.000Z',
  correlationId: '9b0c1f0e-2a57-4d61-8a55-0d7f3f8d5c11',
} as const;

const learner = { userId: TEST_LEARNER.userId, email: TEST_LEARNER.email, userName: TEST_LEARNER.name };

/** Ada signs up (id `0b6f7b5e-…`). */
export function userSignedUp(data: Partial<UserSignedUpData> = {}, context: TestEventContext = {}) {
  return buildTestEvent(
    EventType.UserSignedUp,
    { ...TEST_LEARNER, signedUpAt: '2026-11-23T09:59:00.000Z', ...data },
    { ...TEST_EVENT_CONTEXT, id: '0b6f7b5e-6a8c-4f55-9a51-3f8f0d2d1a01', ...context },
  );
}

/** Ada pays £49.99 for the course (id `1c7f8c6f-…`). */
export function coursePaymentComplete(
  data: Partial<CoursePaymentCompleteData> = {},
  context: TestEventContext = {},
) {
  return buildTestEvent(
    EventType.CoursePaymentComplete,
    {
      paymentId: 'pay-42',
      ...learner,
      ...TEST_COURSE,
      amount: 4999,
      currency: 'GBP',
      completedAt: '2026-11-23T09:58:00.000Z',
      ...data,
    },
    { ...TEST_EVENT_CONTEXT, id: '1c7f8c6f-7b9d-4a66-8b62-4a9a1e3e2b02', ...context },
  );
}

/** Ada completes the course, CourseCompleted v2 (id `2d8a9d70-…`). */
export function courseCompletedV2(data: Partial<CourseCompletedData> = {}, context: TestEventContext = {}) {
  return buildTestEventVersion(
    EventType.CourseCompleted,
    2,
    { ...learner, ...TEST_COURSE, completedAt: '2026-11-22T18:30:00.000Z', ...data },
    { ...TEST_EVENT_CONTEXT, id: '2d8a9d70-8cae-4b77-9c73-5bab2f4f3c03', ...context },
  );
}

/** The same completion as v1, as a producer still publishing v1 sends it (id `3e9bae81-…`). */
export function courseCompletedV1(data: Partial<CourseCompletedV1Data> = {}, context: TestEventContext = {}) {
  return buildTestEventVersion(
    EventType.CourseCompleted,
    1,
    {
      ...learner,
      courseId: TEST_COURSE.courseId,
      courseName: TEST_COURSE.courseTitle,
      completionDate: '2026-11-22',
      ...data,
    },
    { ...TEST_EVENT_CONTEXT, id: '3e9bae81-9dbf-4c88-8d84-6cbc3a5a4d04', ...context },
  );
}

/** Ada's certificate is stored, with its download address (id `4fa0bf92-…`). */
export function certificateGenerated(
  data: Partial<CertificateGeneratedData> = {},
  context: TestEventContext = {},
) {
  return buildTestEvent(
    EventType.CertificateGenerated,
    {
      certificateId: 'cert-9',
      ...learner,
      ...TEST_COURSE,
      downloadUrl: 'https://certificates.example.com/certificates/cert-9',
      issuedAt: '2026-11-23T09:00:00.000Z',
      ...data,
    },
    { ...TEST_EVENT_CONTEXT, id: '4fa0bf92-aec0-4d99-9e95-7dcd4b6b5e05', ...context },
  );
}

/** The video pipeline gives up on a lesson video (id `2d8a9d70-…`, source `sfe-video-pipeline`). */
export function videoProcessingFailed(
  data: Partial<VideoProcessingFailedData> = {},
  context: TestEventContext = {},
) {
  return buildTestEvent(
    EventType.VideoProcessingFailed,
    {
      videoId: 'video-3',
      courseId: TEST_COURSE.courseId,
      title: 'Intro to queues',
      failureReason: 'Transcribe job failed: unsupported media format',
      ...data,
    },
    {
      ...TEST_EVENT_CONTEXT,
      source: 'sfe-video-pipeline',
      id: '5ab1c0a3-bf1e-4eaa-8fa6-8e8e5c7c6f06',
      ...context,
    },
  );
}
