import { EventBridgeSchema } from '@aws-lambda-powertools/parser/schemas/eventbridge';
import { z } from 'zod';

export const TRANSCRIBE_SOURCE = 'aws.transcribe';
export const TRANSCRIBE_JOB_STATE_CHANGE = 'Transcribe Job State Change';

/** The values of `TranscriptionJobStatus` (Transcribe API reference, `TranscriptionJob`). */
export const TranscriptionJobStatusSchema = z.enum(['QUEUED', 'IN_PROGRESS', 'FAILED', 'COMPLETED']);

/**
 * `detail` of Transcribe's "Transcribe Job State Change" (Transcribe Developer Guide, "Using Amazon
 * EventBridge with Amazon Transcribe"): the job name and its new status, plus `FailureReason` on `FAILED`.
 */
export const TranscribeJobStateChangeDetailSchema = z.looseObject({
  TranscriptionJobName: z.string().min(1).max(200),
  TranscriptionJobStatus: TranscriptionJobStatusSchema,
  FailureReason: z.string().optional(),
});

/** A "Transcribe Job State Change" event exactly as EventBridge delivers it. */
export const TranscribeJobStateChangeEventSchema = EventBridgeSchema.extend({
  source: z.literal(TRANSCRIBE_SOURCE),
  'detail-type': z.literal(TRANSCRIBE_JOB_STATE_CHANGE),
  detail: TranscribeJobStateChangeDetailSchema,
});
export type TranscribeJobStateChangeEvent = z.infer<typeof TranscribeJobStateChangeEventSchema>;
