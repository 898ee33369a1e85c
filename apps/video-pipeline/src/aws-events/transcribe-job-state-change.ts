import { EventBridgeEnvelopeSchema } from '@sfe/consumer-toolkit';
import * as z from 'zod/mini';

export const TRANSCRIBE_SOURCE = 'aws.transcribe';
export const TRANSCRIBE_JOB_STATE_CHANGE = 'Transcribe Job State Change';

/** The values of `TranscriptionJobStatus` (Transcribe API reference, `TranscriptionJob`). */
export const TranscriptionJobStatusSchema = z.enum(['QUEUED', 'IN_PROGRESS', 'FAILED', 'COMPLETED']);

/**
 * `detail` of Transcribe's "Transcribe Job State Change" (Transcribe Developer Guide, "Using Amazon
 * EventBridge with Amazon Transcribe"): the job name and its new status, plus `FailureReason` on `FAILED`.
 */
export const TranscribeJobStateChangeDetailSchema = z.looseObject({
  TranscriptionJobName: z.string().check(z.minLength(1), z.maxLength(200)),
  TranscriptionJobStatus: TranscriptionJobStatusSchema,
  FailureReason: z.optional(z.string()),
});

/** A "Transcribe Job State Change" event exactly as EventBridge delivers it. */
export const TranscribeJobStateChangeEventSchema = z.extend(EventBridgeEnvelopeSchema, {
  source: z.literal(TRANSCRIBE_SOURCE),
  'detail-type': z.literal(TRANSCRIBE_JOB_STATE_CHANGE),
  detail: TranscribeJobStateChangeDetailSchema,
});
export type TranscribeJobStateChangeEvent = z.infer<typeof TranscribeJobStateChangeEventSchema>;
