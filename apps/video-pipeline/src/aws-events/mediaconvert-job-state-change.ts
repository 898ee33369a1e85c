import { EventBridgeEnvelopeSchema } from '@sfe/consumer-toolkit';
import * as z from 'zod/mini';

export const MEDIACONVERT_SOURCE = 'aws.mediaconvert';
export const MEDIACONVERT_JOB_STATE_CHANGE = 'MediaConvert Job State Change';

/** Every status MediaConvert reports on EventBridge (MediaConvert User Guide, "EventBridge events"). */
export const MediaConvertJobStatusSchema = z.enum([
  'SUBMITTED',
  'PROGRESSING',
  'INPUT_INFORMATION',
  'STATUS_UPDATE',
  'NEW_WARNING',
  'COMPLETE',
  'CANCELED',
  'ERROR',
]);

const OutputDetailSchema = z.looseObject({
  outputFilePaths: z.optional(z.array(z.string())),
  durationInMs: z.optional(z.number()),
  videoDetails: z.optional(
    z.partial(z.looseObject({ widthInPx: z.number(), heightInPx: z.number(), averageBitrate: z.number() })),
  ),
});

const OutputGroupDetailSchema = z.looseObject({
  type: z.string(),
  outputDetails: z.optional(z.array(OutputDetailSchema)),
  playlistFilePaths: z.optional(z.array(z.string())),
});

/**
 * `detail` of MediaConvert's "MediaConvert Job State Change": the job, its status, the user metadata it was
 * created with, and on `COMPLETE` the files written (`outputGroupDetails`), on `ERROR` the error. Fields
 * beyond these (QVBR statistics, black-video detection, ...) are kept, not stripped.
 */
export const MediaConvertJobStateChangeDetailSchema = z.looseObject({
  timestamp: z.number(),
  accountId: z.string(),
  queue: z.string(),
  jobId: z.string().check(z.minLength(1)),
  status: MediaConvertJobStatusSchema,
  userMetadata: z.record(z.string(), z.string()),
  errorCode: z.optional(z.number().check(z.int())),
  errorMessage: z.optional(z.string()),
  warnings: z.optional(z.array(z.object({ code: z.number(), count: z.number() }))),
  outputGroupDetails: z.optional(z.array(OutputGroupDetailSchema)),
});
export type MediaConvertJobStateChangeDetail = z.infer<typeof MediaConvertJobStateChangeDetailSchema>;

/** A "MediaConvert Job State Change" event exactly as EventBridge delivers it. */
export const MediaConvertJobStateChangeEventSchema = z.extend(EventBridgeEnvelopeSchema, {
  source: z.literal(MEDIACONVERT_SOURCE),
  'detail-type': z.literal(MEDIACONVERT_JOB_STATE_CHANGE),
  detail: MediaConvertJobStateChangeDetailSchema,
});
export type MediaConvertJobStateChangeEvent = z.infer<typeof MediaConvertJobStateChangeEventSchema>;
