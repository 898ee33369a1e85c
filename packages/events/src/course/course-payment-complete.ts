import * as z from 'zod/mini';
import { defineEvent } from '../define-event';
import {
  CurrencySchema,
  EmailSchema,
  IdSchema,
  MinorUnitsSchema,
  NameSchema,
  PersonNameSchema,
  TimestampSchema,
} from '../fields';

export const CoursePaymentComplete = 'CoursePaymentComplete';

export const CoursePaymentCompleteDataSchema = z.object({
  paymentId: IdSchema,
  userId: IdSchema,
  courseId: IdSchema,
  /** In the currency's minor unit: 4999 GBP is £49.99. */
  amount: MinorUnitsSchema,
  currency: CurrencySchema,
  completedAt: TimestampSchema,
  // Carried so a receipt can be sent without calling back to the user's profile.
  courseTitle: NameSchema,
  userName: PersonNameSchema,
  email: EmailSchema,
});
export type CoursePaymentCompleteData = z.infer<typeof CoursePaymentCompleteDataSchema>;

export const CoursePaymentCompleteV1 = defineEvent({
  type: CoursePaymentComplete,
  version: 1,
  domain: 'course',
  description: 'A payment for a course completed (inserted complete, or moved to complete).',
  dataSchema: CoursePaymentCompleteDataSchema,
});
