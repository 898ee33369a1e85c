import * as z from 'zod/mini';
import { defineEvent } from '../define-event';
import { IdSchema, TimestampSchema } from '../fields';

export const PaymentCompleted = 'PaymentCompleted';

/**
 * A light (notification) event: the payment's ids and the fact, no snapshot. A consumer that acts on money
 * calls back the platform API (`@sfe/platform-client`, `getPayment(userId, paymentId)`) for the payment's
 * current state, so acting late (a retry, a DLQ redrive, a replay) never acts on a stale amount or status:
 * a payment refunded meanwhile reads as refunded. `CoursePaymentComplete` (rich) is published beside it
 * for consumers that only need the snapshot (a receipt, a chat message).
 */
export const PaymentCompletedDataSchema = z.object({
  paymentId: IdSchema,
  userId: IdSchema,
  courseId: IdSchema,
  completedAt: TimestampSchema,
});
export type PaymentCompletedData = z.infer<typeof PaymentCompletedDataSchema>;

export const PaymentCompletedV1 = defineEvent({
  type: PaymentCompleted,
  version: 1,
  domain: 'course',
  description:
    'A payment for a course completed (light: ids and the time only; call back the platform API for its state).',
  dataSchema: PaymentCompletedDataSchema,
});
