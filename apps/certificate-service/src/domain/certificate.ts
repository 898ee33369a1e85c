import { type CurrentEventOf, type EventType, eventDepth, uuidFromName } from '@sfe/events';
import { type CertificateItem, CertificateItemSchema, keys } from '@sfe/records';

/** A CourseCompleted event in its current shape (v1 events are upgraded before they get here). */
export type CourseCompletedEvent = CurrentEventOf<typeof EventType.CourseCompleted>;

/** What the certificate shows: everything already formatted, so rendering is layout only. */
export interface CertificateDocument {
  readonly certificateId: string;
  readonly learnerName: string;
  readonly courseTitle: string;
  /** e.g. `20 November 2026`. */
  readonly completionDate: string;
  readonly verificationUrl: string;
  readonly issuer: string;
  /** The PDF's creation date: rendering reads no clock, so the same document gives the same bytes. */
  readonly issuedAt: Date;
}

/** Everything needed to issue one certificate: where the PDF goes, what it shows, the item to write. */
export interface CertificatePlan {
  readonly certificateId: string;
  readonly objectKey: string;
  readonly document: CertificateDocument;
  readonly item: CertificateItem;
}

export interface PlanOptions {
  readonly issuedAt: Date;
  /** The page that verifies a certificate id, e.g. `https://learn.example.com/certificates`. */
  readonly verificationBaseUrl: string;
  readonly issuer: string;
}

/**
 * One learner gets one certificate per course: the id is derived from both, so a redelivered or
 * re-published completion (v1 beside v2) maps to the same certificate, object key and item.
 */
export function certificateIdFor(userId: string, courseId: string): string {
  return uuidFromName(`certificate:${userId}:${courseId}`);
}

/** Every certificate lives under this key prefix (the function may write nowhere else in the bucket). */
export const CERTIFICATE_PREFIX = 'certificates/';

export function certificateObjectKey(userId: string, courseId: string): string {
  return `${CERTIFICATE_PREFIX}${encodeKeySegment(userId)}/${encodeKeySegment(courseId)}.pdf`;
}

export function verificationUrlFor(baseUrl: string, certificateId: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/${certificateId}`;
}

/** `2026-11-20T17:45:00Z` → `20 November 2026` (the UTC calendar day, like v1's completion date). */
export function formatCompletionDate(completedAt: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(completedAt));
}

/** Plans the certificate for a completion: pure, the clock and the base URL are arguments. */
export function planCertificate(event: CourseCompletedEvent, options: PlanOptions): CertificatePlan {
  const { userId, courseId, courseTitle, userName, email, completedAt } = event.data;
  const certificateId = certificateIdFor(userId, courseId);
  const objectKey = certificateObjectKey(userId, courseId);
  const item = CertificateItemSchema.parse({
    ...keys.certificate(userId, courseId),
    entityType: 'CERTIFICATE',
    certificateId,
    userId,
    courseId,
    objectKey,
    issuedAt: options.issuedAt.toISOString(),
    courseTitle,
    userName,
    email,
    // The stream processor's CertificateGenerated continues this event's correlation chain.
    correlationId: event.metadata.correlationId,
    causationId: event.metadata.id,
    causationDepth: eventDepth(event),
  });
  return {
    certificateId,
    objectKey,
    item,
    document: {
      certificateId,
      learnerName: userName,
      courseTitle,
      completionDate: formatCompletionDate(completedAt),
      verificationUrl: verificationUrlFor(options.verificationBaseUrl, certificateId),
      issuer: options.issuer,
      issuedAt: options.issuedAt,
    },
  };
}

/** Ids are free text (max 128): keep each one a single, safe path segment of the object key. */
function encodeKeySegment(value: string): string {
  return encodeURIComponent(value);
}
