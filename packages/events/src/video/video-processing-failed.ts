import { z } from 'zod';
import { defineEvent } from '../define-event';
import { IdSchema, NameSchema } from '../fields';

export const VideoProcessingFailed = 'VideoProcessingFailed';

export const VideoProcessingFailedDataSchema = z.object({
  videoId: IdSchema,
  courseId: IdSchema,
  title: NameSchema,
  failureReason: z.string().min(1).max(4096),
});
export type VideoProcessingFailedData = z.infer<typeof VideoProcessingFailedDataSchema>;

export const VideoProcessingFailedV1 = defineEvent({
  type: VideoProcessingFailed,
  version: 1,
  domain: 'video',
  description: 'Transcription or transcoding of an uploaded video failed.',
  dataSchema: VideoProcessingFailedDataSchema,
});
