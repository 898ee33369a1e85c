import { z } from 'zod';
import { defineEvent } from '../define-event';
import { EmailSchema, IdSchema, NameSchema, ObjectKeySchema, TimestampSchema } from '../fields';

export const CertificateGenerated = 'CertificateGenerated';

export const CertificateGeneratedDataSchema = z.object({
  certificateId: IdSchema,
  userId: IdSchema,
  courseId: IdSchema,
  /** Where the PDF is stored; consumers sign their own short-lived download link. */
  objectKey: ObjectKeySchema,
  issuedAt: TimestampSchema,
  courseTitle: NameSchema,
  userName: NameSchema,
  email: EmailSchema,
});
export type CertificateGeneratedData = z.infer<typeof CertificateGeneratedDataSchema>;

export const CertificateGeneratedV1 = defineEvent({
  type: CertificateGenerated,
  version: 1,
  domain: 'certificate',
  description: 'A course certificate was rendered and stored for a learner.',
  dataSchema: CertificateGeneratedDataSchema,
});
