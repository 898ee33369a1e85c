import { randomUUID } from 'node:crypto';
import {
  MEDIACONVERT_JOB_STATE_CHANGE,
  MEDIACONVERT_SOURCE,
  type MediaConvertJobStateChangeEvent,
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
