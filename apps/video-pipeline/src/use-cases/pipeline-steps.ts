import {
  ConditionFailedError,
  keys,
  putItem,
  type TableStore,
  type TableWrite,
  type VideoItem,
} from '@sfe/records';
import type { Transcoder } from '../adapters/transcoder';
import type { Transcriber } from '../adapters/transcriber';
import type {
  MediaConvertJobStateChangeEvent,
  S3ObjectCreatedEvent,
  TranscribeJobStateChangeEvent,
} from '../aws-events';
import { ForeignJobError, UnexpectedBucketError, UnexpectedJobStatusError } from '../domain/errors';
import { videoIdFromJobName } from '../domain/job-names';
import {
  completedOutputKeys,
  transcodeFailureReason,
  transcriptionFailureReason,
  videoFromUserMetadata,
} from '../domain/job-outcomes';
import { parseUploadKey } from '../domain/object-keys';
import { buildTranscodeRequest } from '../domain/transcode';
import { buildTranscriptionRequest } from '../domain/transcription';
import {
  correlationIdForVideo,
  decideOnJobFinished,
  decideOnUpload,
  failureUpdate,
  statusUpdate,
  toVideoItem,
} from '../domain/video-lifecycle';

/** What the three steps need: the platform table and the two media services. */
export interface PipelineDeps {
  readonly table: TableStore;
  readonly transcriber: Transcriber;
  readonly transcoder: Transcoder;
  readonly config: {
    /** The bucket uploads land in and outputs are written to. */
    readonly uploadsBucket: string;
    /** Spoken language of the lectures, for Transcribe (e.g. `en-US`). */
    readonly languageCode: string;
  };
}

/** What a step did, for the log line of its record (and for tests). */
export interface StepOutcome {
  readonly videoId: string;
  readonly correlationId: string;
  readonly action:
    | 'transcription-started'
    | 'transcription-already-started'
    | 'transcoding-started'
    | 'ready'
    | 'failed'
    /** The event was already handled (re-delivery, or a concurrent delivery got there first). */
    | 'duplicate';
  /** The video's status after the step. */
  readonly status: VideoItem['status'];
  readonly jobId?: string;
}

function outcome(
  item: VideoItem,
  action: StepOutcome['action'],
  status = item.status,
  jobId?: string,
): StepOutcome {
  return {
    videoId: item.videoId,
    correlationId: correlationIdForVideo(item.videoId),
    action,
    status,
    ...(jobId === undefined ? {} : { jobId }),
  };
}

async function readVideo(table: TableStore, videoId: string): Promise<VideoItem | undefined> {
  return toVideoItem(await table.get(keys.video(videoId)));
}

/** Applies a conditional write; false when its condition no longer holds (another delivery got there first). */
async function applyIfCurrent(table: TableStore, write: TableWrite): Promise<boolean> {
  try {
    await table.transact([write]);
    return true;
  } catch (error) {
    if (error instanceof ConditionFailedError) return false;
    throw error;
  }
}

/**
 * Step 1, an upload landed: record the VIDEO item (`uploaded`), start its Transcribe job, then mark it
 * `transcribing`. Every part is idempotent: the item is created only if absent, the job name is unique per
 * video, and the status moves only from `uploaded`.
 */
export async function onVideoUploaded(deps: PipelineDeps, event: S3ObjectCreatedEvent): Promise<StepOutcome> {
  const bucket = event.detail.bucket.name;
  if (bucket !== deps.config.uploadsBucket) {
    throw new UnexpectedBucketError(
      `object in bucket "${bucket}", but this pipeline watches "${deps.config.uploadsBucket}"`,
    );
  }
  // Refuses outputs (`processed/`) and anything else outside `uploads/`: no output can start a job.
  const upload = parseUploadKey(event.detail.object.key);

  let decision = decideOnUpload(await readVideo(deps.table, upload.videoId), upload);
  if (decision.kind === 'record-and-transcribe') {
    try {
      await putItem(deps.table, decision.item, { kind: 'notExists' });
    } catch (error) {
      if (!(error instanceof ConditionFailedError)) throw error;
      // A concurrent delivery recorded it first: decide again from what it wrote.
      decision = decideOnUpload(await readVideo(deps.table, upload.videoId), upload);
      if (decision.kind === 'record-and-transcribe') throw error;
    }
  }
  if (decision.kind === 'duplicate') return outcome(decision.item, 'duplicate');

  const request = buildTranscriptionRequest(decision.item, {
    bucket: deps.config.uploadsBucket,
    languageCode: deps.config.languageCode,
  });
  const started = await deps.transcriber.start(request);
  await applyIfCurrent(deps.table, statusUpdate(decision.item, 'transcribing'));
  return outcome(
    decision.item,
    started === 'started' ? 'transcription-started' : 'transcription-already-started',
    'transcribing',
  );
}

/**
 * Step 2, Transcribe finished: on COMPLETED submit the MediaConvert job and mark the video `transcoding`;
 * on FAILED mark it `failed` with Transcribe's reason. Acts only while the video is `transcribing`.
 */
export async function onTranscriptionFinished(
  deps: PipelineDeps,
  event: TranscribeJobStateChangeEvent,
): Promise<StepOutcome> {
  const { TranscriptionJobName: jobName, TranscriptionJobStatus: status, FailureReason } = event.detail;
  if (status !== 'COMPLETED' && status !== 'FAILED') {
    throw new UnexpectedJobStatusError(
      `Transcribe job ${jobName} is ${status}; only COMPLETED and FAILED are handled`,
    );
  }
  const videoId = videoIdFromJobName(jobName);
  const decision = decideOnJobFinished(await readVideo(deps.table, videoId), videoId, 'transcribing');
  if (decision.kind === 'duplicate') return outcome(decision.item, 'duplicate');
  const { item } = decision;

  if (status === 'FAILED') {
    const applied = await applyIfCurrent(
      deps.table,
      failureUpdate(item, 'transcribing', transcriptionFailureReason(jobName, FailureReason)),
    );
    return applied ? outcome(item, 'failed', 'failed') : outcome(item, 'duplicate');
  }
  const { jobId } = await deps.transcoder.createJob(buildTranscodeRequest(item, deps.config.uploadsBucket));
  const applied = await applyIfCurrent(deps.table, statusUpdate(item, 'transcoding'));
  return applied ? outcome(item, 'transcoding-started', 'transcoding', jobId) : outcome(item, 'duplicate');
}

/**
 * Step 3, MediaConvert finished: on COMPLETE mark the video `ready` with its output and captions keys; on
 * ERROR mark it `failed` with MediaConvert's error. Acts only while the video is `transcoding`, so a
 * re-delivered COMPLETE does not rewrite the item (and the stream processor publishes once).
 */
export async function onTranscodeFinished(
  deps: PipelineDeps,
  event: MediaConvertJobStateChangeEvent,
): Promise<StepOutcome> {
  const { detail } = event;
  if (detail.status !== 'COMPLETE' && detail.status !== 'ERROR') {
    throw new UnexpectedJobStatusError(
      `MediaConvert job ${detail.jobId} is ${detail.status}; only COMPLETE and ERROR are handled`,
    );
  }
  const { videoId, courseId } = videoFromUserMetadata(detail.userMetadata);
  const decision = decideOnJobFinished(await readVideo(deps.table, videoId), videoId, 'transcoding');
  if (decision.item.courseId !== courseId) {
    throw new ForeignJobError(
      `MediaConvert job ${detail.jobId} names course "${courseId}", but video "${videoId}" belongs to "${decision.item.courseId}"`,
    );
  }
  if (decision.kind === 'duplicate')
    return outcome(decision.item, 'duplicate', decision.item.status, detail.jobId);
  const { item } = decision;

  const write =
    detail.status === 'ERROR'
      ? failureUpdate(item, 'transcoding', transcodeFailureReason(detail))
      : statusUpdate(item, 'ready', completedOutputKeys(detail, item, deps.config.uploadsBucket));
  const applied = await applyIfCurrent(deps.table, write);
  const action = detail.status === 'ERROR' ? 'failed' : 'ready';
  return applied
    ? outcome(item, action, action, detail.jobId)
    : outcome(item, 'duplicate', item.status, detail.jobId);
}
