export * from './mediaconvert-job-state-change';
export * from './s3-object-created';
export * from './transcribe-job-state-change';

import type { MediaConvertJobStateChangeEvent } from './mediaconvert-job-state-change';
import type { S3ObjectCreatedEvent } from './s3-object-created';
import type { TranscribeJobStateChangeEvent } from './transcribe-job-state-change';

/** Any AWS service event this pipeline consumes or (locally) produces. */
export type AwsServiceEvent =
  | S3ObjectCreatedEvent
  | TranscribeJobStateChangeEvent
  | MediaConvertJobStateChangeEvent;
