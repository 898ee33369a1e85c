import type { Subscription } from '@sfe/events';
import {
  MEDIACONVERT_JOB_STATE_CHANGE,
  MEDIACONVERT_SOURCE,
  OBJECT_CREATED,
  S3_SOURCE,
  TRANSCRIBE_JOB_STATE_CHANGE,
  TRANSCRIBE_SOURCE,
} from './aws-events';
import { JOB_NAME_PREFIX } from './domain/job-names';
import { UPLOADS_PREFIX, VIDEO_EXTENSIONS } from './domain/object-keys';

/** The subscription ids, which name each rule, queue, DLQ and function (`sfe-<stage>-video-pipeline-<id>`). */
export const SubscriptionId = {
  videoUploaded: 'video-uploaded',
  transcriptionFinished: 'transcription-finished',
  transcodeFinished: 'transcode-finished',
} as const;
export type SubscriptionId = (typeof SubscriptionId)[keyof typeof SubscriptionId];

/** The uploads bucket's name in the local runtime (its `UPLOADS_BUCKET` local setting). */
export const LOCAL_UPLOADS_BUCKET = 'video-uploads';

/**
 * The pipeline's three rules, all on the account's default bus (where AWS services put their events).
 * The upload rule names the bucket, so it is built from the bucket's name: the stack passes its bucket, the
 * local runtime its local one.
 *
 * The upload rule matches keys with EventBridge's `wildcard` operator (`uploads/*.mp4`): the key must have
 * a prefix AND a suffix, which one `prefix`/`suffix` element cannot express (and a `$or` branch on the same
 * field replaces the prefix condition instead of adding to it), while `*` matches across `/`, so any course
 * folder matches. Outputs are written under `processed/`, which no element matches: the pipeline cannot
 * trigger itself.
 */
export function createSubscriptions(uploadsBucketName: string): Subscription[] {
  return [
    {
      id: SubscriptionId.videoUploaded,
      bus: 'default',
      description: 'A lecture video was uploaded under uploads/: record it and start its transcription.',
      pattern: {
        source: [S3_SOURCE],
        'detail-type': [OBJECT_CREATED],
        detail: {
          bucket: { name: [uploadsBucketName] },
          object: {
            key: VIDEO_EXTENSIONS.map((extension) => ({ wildcard: `${UPLOADS_PREFIX}*.${extension}` })),
          },
        },
      },
    },
    {
      id: SubscriptionId.transcriptionFinished,
      bus: 'default',
      description:
        'A pipeline Transcribe job (sfe-<videoId>) completed or failed: transcode it, or mark it failed.',
      pattern: {
        source: [TRANSCRIBE_SOURCE],
        'detail-type': [TRANSCRIBE_JOB_STATE_CHANGE],
        detail: {
          TranscriptionJobStatus: ['COMPLETED', 'FAILED'],
          TranscriptionJobName: [{ prefix: JOB_NAME_PREFIX }],
        },
      },
    },
    {
      id: SubscriptionId.transcodeFinished,
      bus: 'default',
      description:
        'A pipeline MediaConvert job (userMetadata.videoId) completed or failed: mark the video ready or failed.',
      pattern: {
        source: [MEDIACONVERT_SOURCE],
        'detail-type': [MEDIACONVERT_JOB_STATE_CHANGE],
        detail: {
          status: ['COMPLETE', 'ERROR'],
          userMetadata: { videoId: [{ exists: true }] },
        },
      },
    },
  ];
}

/** The subscriptions with the local runtime's uploads bucket (the stack calls `createSubscriptions`). */
export const subscriptions: Subscription[] = createSubscriptions(LOCAL_UPLOADS_BUCKET);
