import * as z from 'zod/mini';
import { defineEvent } from '../define-event';
import {
  EmailSchema,
  IdSchema,
  LinkSchema,
  NameSchema,
  ObjectKeySchema,
  PersonNameSchema,
  TimestampSchema,
} from '../fields';

export const CertificateGenerated = 'CertificateGenerated';

/**
 * Version 2: the certificate's stable download address instead of where certificate-service stores the PDF, so
 * consumers link to it and know nothing of that service's bucket (v1 had `objectKey`).
 */
export const CertificateGeneratedDataSchema = z.object({
  certificateId: IdSchema,
  userId: IdSchema,
  courseId: IdSchema,
  /**
   * The certificate's download address, owned by certificate-service: it does not expire, and answers with a
   * redirect to a short-lived link to the PDF. Link to it as it is; never build or sign one.
   */
  downloadUrl: LinkSchema,
  issuedAt: TimestampSchema,
  courseTitle: NameSchema,
  userName: PersonNameSchema,
  email: EmailSchema,
});
export type CertificateGeneratedData = z.infer<typeof CertificateGeneratedDataSchema>;

/** Version 1, kept while v1 consumers exist: the PDF's key in certificate-service's bucket, no address. */
export const CertificateGeneratedV1DataSchema = z.object({
  certificateId: IdSchema,
  userId: IdSchema,
  courseId: IdSchema,
  /** Where the PDF is stored in certificate-service's bucket. */
  objectKey: ObjectKeySchema,
  issuedAt: TimestampSchema,
  courseTitle: NameSchema,
  userName: PersonNameSchema,
  email: EmailSchema,
});
export type CertificateGeneratedV1Data = z.infer<typeof CertificateGeneratedV1DataSchema>;

export const CertificateGeneratedV1 = defineEvent({
  type: CertificateGenerated,
  version: 1,
  domain: 'certificate',
  description: 'A course certificate was rendered and stored (v1: its object key). Superseded by v2.',
  dataSchema: CertificateGeneratedV1DataSchema,
});

export const CertificateGeneratedV2 = defineEvent({
  type: CertificateGenerated,
  version: 2,
  domain: 'certificate',
  description:
    'A course certificate was rendered and stored for a learner, with its stable download address.',
  dataSchema: CertificateGeneratedDataSchema,
});
