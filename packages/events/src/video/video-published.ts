import * as z from 'zod/mini';
import { defineEvent } from '../define-event';
import { IdSchema, NameSchema, ObjectKeySchema } from '../fields';

export const VideoPublished = 'VideoPublished';

export const VideoPublishedDataSchema = z.object({
  videoId: IdSchema,
  courseId: IdSchema,
  title: NameSchema,
  outputKey: ObjectKeySchema,
  captionsKey: ObjectKeySchema,
});
export type VideoPublishedData = z.infer<typeof VideoPublishedDataSchema>;

export const VideoPublishedV1 = defineEvent({
  type: VideoPublished,
  version: 1,
  domain: 'video',
  description: 'An uploaded lecture video was transcribed, captioned and transcoded: it is ready to play.',
  dataSchema: VideoPublishedDataSchema,
});
