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
  /** Where this service's download address is served, e.g. its function URL: `<base>/certificates/<id>`. */
  readonly downloadBaseUrl: string;
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

/**
 * Keyed by certificate id alone, so the download address (which carries only the id) finds the PDF without
 * a table lookup. The id is a UUID (`certificateIdFor`): one safe path segment.
 */
export function certificateObjectKey(certificateId: string): string {
  return `${CERTIFICATE_PREFIX}${certificateId}.pdf`;
}

/** The path of a certificate's download address: the same in AWS (function URL) and locally (the runtime). */
export const DOWNLOAD_PATH_PREFIX = '/certificates/';

/** The certificate's stable download address: `<base>/certificates/<certificateId>`. */
export function downloadUrlFor(baseUrl: string, certificateId: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${DOWNLOAD_PATH_PREFIX}${certificateId}`;
}

export function verificationUrlFor(baseUrl: string, certificateId: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/${certificateId}`;
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

/**
 * `2026-11-20T17:45:00Z` → `20 November 2026` (the UTC calendar day, like v1's completion date): what
 * `Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })` writes (tested
 * against it), without it: building that formatter loads ICU's locale data, ~25 ms of CPU (a third of a bare Node
 * start) on the first record of every cold container, for one fixed English format.
 */
export function formatCompletionDate(completedAt: string): string {
  const date = new Date(completedAt);
  if (Number.isNaN(date.getTime())) throw new RangeError(`completedAt is not a date: ${completedAt}`);
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

/** Plans the certificate for a completion: pure, the clock and the base URL are arguments. */
export function planCertificate(event: CourseCompletedEvent, options: PlanOptions): CertificatePlan {
  const { userId, courseId, courseTitle, userName, email, completedAt } = event.data;
  const certificateId = certificateIdFor(userId, courseId);
  const objectKey = certificateObjectKey(certificateId);
  const item = CertificateItemSchema.parse({
    ...keys.certificate(userId, courseId),
    entityType: 'CERTIFICATE',
    certificateId,
    userId,
    courseId,
    objectKey,
    // Written here, the one place it is defined: the stream processor copies it into CertificateGenerated.
    downloadUrl: downloadUrlFor(options.downloadBaseUrl, certificateId),
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
