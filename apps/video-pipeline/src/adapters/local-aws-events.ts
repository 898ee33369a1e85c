import { createHash, randomUUID } from 'node:crypto';
import {
  MEDIACONVERT_JOB_STATE_CHANGE,
  MEDIACONVERT_SOURCE,
  type MediaConvertJobStateChangeEvent,
  OBJECT_CREATED,
  S3_SOURCE,
  type S3ObjectCreatedEvent,
  TRANSCRIBE_JOB_STATE_CHANGE,
  TRANSCRIBE_SOURCE,
  type TranscribeJobStateChangeEvent,
} from '../aws-events';

/** The pretend account and region local AWS events come from, and how they are stamped. */
export interface LocalAwsEnvironment {
  readonly account: string;
  readonly region: string;
  readonly now: () => Date;
  readonly newEventId: () => string;
}

/** LocalStack's convention for "no real account". */
export const LOCAL_ACCOUNT = '000000000000';
export const LOCAL_REGION = 'us-east-1';

export function localAwsEnvironment(overrides: Partial<LocalAwsEnvironment> = {}): LocalAwsEnvironment {
  return {
    account: LOCAL_ACCOUNT,
    region: LOCAL_REGION,
    now: () => new Date(),
    newEventId: randomUUID,
    ...overrides,
  };
}

// EventBridge stamps `time` to the second.
function eventTime(now: Date): string {
  return now.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function envelope(environment: LocalAwsEnvironment) {
  return {
    version: '0',
    id: environment.newEventId(),
    account: environment.account,
    time: eventTime(environment.now()),
    region: environment.region,
  };
}

export interface ObjectCreatedInput {
  readonly bucket: string;
  readonly key: string;
  readonly size: number;
  readonly etag: string;
  /** Default `PutObject`. */
  readonly reason?: string;
}

/**
 * The S3 "Object Created" event AWS puts on the default bus when an object lands in a bucket with
 * EventBridge notifications on. The local runtime calls this for every put into a local bucket.
 * @example buildObjectCreatedEvent({ bucket: 'video-uploads', key: 'uploads/c1/v1.mp4', size: 1024, etag })
 */
export function buildObjectCreatedEvent(
  input: ObjectCreatedInput,
  environment: LocalAwsEnvironment = localAwsEnvironment(),
): S3ObjectCreatedEvent {
  const base = envelope(environment);
  return {
    ...base,
    'detail-type': OBJECT_CREATED,
    source: S3_SOURCE,
    resources: [`arn:aws:s3:::${input.bucket}`],
    detail: {
      version: '0',
      bucket: { name: input.bucket },
      object: {
        key: input.key,
        size: input.size,
        etag: input.etag,
        // S3's sequencer orders events per key; a hex timestamp has the same property locally.
        sequencer: environment.now().getTime().toString(16).toUpperCase().padStart(18, '0'),
      },
      'request-id': createHash('sha256').update(base.id).digest('hex').slice(0, 16).toUpperCase(),
      requester: environment.account,
      'source-ip-address': '127.0.0.1',
      reason: input.reason ?? 'PutObject',
    },
  };
}

export interface TranscribeJobStateInput {
  readonly jobName: string;
  readonly status: 'COMPLETED' | 'FAILED';
  readonly failureReason?: string;
}

/** Transcribe's "Transcribe Job State Change" (its `resources` is always empty). */
export function buildTranscribeJobStateChangeEvent(
  input: TranscribeJobStateInput,
  environment: LocalAwsEnvironment = localAwsEnvironment(),
): TranscribeJobStateChangeEvent {
  return {
    ...envelope(environment),
    'detail-type': TRANSCRIBE_JOB_STATE_CHANGE,
    source: TRANSCRIBE_SOURCE,
    resources: [],
    detail: {
      TranscriptionJobName: input.jobName,
      TranscriptionJobStatus: input.status,
      ...(input.status === 'FAILED' ? { FailureReason: input.failureReason ?? 'unknown failure' } : {}),
    },
  };
}

export interface MediaConvertJobStateInput {
  readonly jobId: string;
  readonly status: 'COMPLETE' | 'ERROR';
  readonly userMetadata: Readonly<Record<string, string>>;
  /** COMPLETE: one entry per output, the files it wrote (`s3://bucket/key`). */
  readonly outputs?: readonly { readonly filePaths: readonly string[]; readonly durationInMs?: number }[];
  readonly errorCode?: number;
  readonly errorMessage?: string;
}

/** MediaConvert's "MediaConvert Job State Change" for COMPLETE or ERROR. */
export function buildMediaConvertJobStateChangeEvent(
  input: MediaConvertJobStateInput,
  environment: LocalAwsEnvironment = localAwsEnvironment(),
): MediaConvertJobStateChangeEvent {
  const base = envelope(environment);
  const common = {
    timestamp: environment.now().getTime(),
    accountId: environment.account,
    queue: `arn:aws:mediaconvert:${environment.region}:${environment.account}:queues/Default`,
    jobId: input.jobId,
    status: input.status,
    userMetadata: { ...input.userMetadata },
  };
  const detail =
    input.status === 'COMPLETE'
      ? {
          ...common,
          outputGroupDetails: [
            {
              outputDetails: (input.outputs ?? []).map((output) => ({
                outputFilePaths: [...output.filePaths],
                ...(output.durationInMs === undefined ? {} : { durationInMs: output.durationInMs }),
              })),
              type: 'FILE_GROUP',
            },
          ],
        }
      : {
          ...common,
          errorCode: input.errorCode ?? 1999,
          errorMessage: input.errorMessage ?? 'unknown error',
        };
  return {
    ...base,
    'detail-type': MEDIACONVERT_JOB_STATE_CHANGE,
    source: MEDIACONVERT_SOURCE,
    resources: [`arn:aws:mediaconvert:${environment.region}:${environment.account}:jobs/${input.jobId}`],
    detail,
  };
}
