import * as z from 'zod/mini';
import { defineEvent } from '../define-event';
import { IdSchema, NameSchema } from '../fields';

export const VideoProcessingFailed = 'VideoProcessingFailed';

export const VideoProcessingFailedDataSchema = z.object({
  videoId: IdSchema,
  courseId: IdSchema,
  title: NameSchema,
  failureReason: z.string().check(z.minLength(1), z.maxLength(4096)),
});
export type VideoProcessingFailedData = z.infer<typeof VideoProcessingFailedDataSchema>;

export const VideoProcessingFailedV1 = defineEvent({
  type: VideoProcessingFailed,
  version: 1,
  domain: 'video',
  description: 'Transcription or transcoding of an uploaded video failed.',
  dataSchema: VideoProcessingFailedDataSchema,
});
