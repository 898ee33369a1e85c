import { uuidFromName } from '@sfe/events';
import {
  type Item,
  keys,
  type TableWrite,
  type VideoItem,
  VideoItemSchema,
  type VideoStatus,
} from '@sfe/records';
import {
  InvalidVideoItemError,
  StepOutOfOrderError,
  VideoIdConflictError,
  VideoNotFoundError,
} from './errors';
import type { UploadedVideo } from './object-keys';

/** VideoProcessingFailed carries at most this much of the reason. */
export const MAX_FAILURE_REASON_LENGTH = 4096;

/**
 * The correlation id of everything that follows one upload: derived from the videoId, so every step (and a
 * retry of any step) stamps the same id on the VIDEO item, and VideoPublished/VideoProcessingFailed carry it.
 */
export function correlationIdForVideo(videoId: string): string {
  return uuidFromName(`video:${videoId}`);
}

/**
 * A readable title from a videoId (`intro-to-events` → `Intro to events`), used when nobody registered the
 * video with a title before uploading it.
 */
export function titleFromVideoId(videoId: string): string {
  const words = videoId.replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The VIDEO item recorded when an upload is first seen. */
export function newVideoItem(upload: UploadedVideo): VideoItem {
  return {
    ...keys.video(upload.videoId),
    entityType: 'VIDEO',
    videoId: upload.videoId,
    courseId: upload.courseId,
    title: titleFromVideoId(upload.videoId),
    status: 'uploaded',
    sourceKey: upload.key,
    correlationId: correlationIdForVideo(upload.videoId),
  };
}

/** Reads a stored item as a VIDEO item, or says exactly what is wrong with it. */
export function toVideoItem(item: Item | undefined): VideoItem | undefined {
  if (item === undefined) return undefined;
  const parsed = VideoItemSchema.safeParse(item);
  if (!parsed.success) {
    const issues = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(item)'}: ${issue.message}`,
    );
    throw new InvalidVideoItemError(
      `stored item ${item.pk}/${item.sk} is not a valid VIDEO item: ${issues.join('; ')}`,
    );
  }
  return parsed.data;
}

/** What to do with an upload, given the VIDEO item already stored for its videoId (if any). */
export type UploadDecision =
  /** First sighting: record the item (`uploaded`), then start transcription. */
  | { readonly kind: 'record-and-transcribe'; readonly item: VideoItem }
  /** Recorded (by an earlier delivery, or registered with a title beforehand) but not yet transcribing. */
  | { readonly kind: 'transcribe'; readonly item: VideoItem }
  /** Already past the upload step: a re-delivered event, nothing to do. */
  | { readonly kind: 'duplicate'; readonly item: VideoItem };

export function decideOnUpload(current: VideoItem | undefined, upload: UploadedVideo): UploadDecision {
  if (current === undefined) return { kind: 'record-and-transcribe', item: newVideoItem(upload) };
  if (current.sourceKey !== upload.key) {
    throw new VideoIdConflictError(
      `videoId "${upload.videoId}" already belongs to ${current.sourceKey}; upload ${upload.key} needs a different videoId`,
    );
  }
  return current.status === 'uploaded'
    ? { kind: 'transcribe', item: current }
    : { kind: 'duplicate', item: current };
}

/** What to do when a job the pipeline started has finished. */
export type JobFinishedDecision =
  | { readonly kind: 'proceed'; readonly item: VideoItem }
  | { readonly kind: 'duplicate'; readonly item: VideoItem };

const STEP_ORDER: readonly VideoStatus[] = ['uploaded', 'transcribing', 'transcoding'];

/**
 * Decides whether a job-finished event for `videoId` should act: only while the item is in `expected`
 * status. A later status means the event was already handled (duplicate); an earlier one means it overtook
 * the previous step's write, so it is retried; no item at all means it is not ours to act on.
 */
export function decideOnJobFinished(
  current: VideoItem | undefined,
  videoId: string,
  expected: 'transcribing' | 'transcoding',
): JobFinishedDecision {
  if (current === undefined) throw new VideoNotFoundError(`no VIDEO item for videoId "${videoId}"`);
  if (current.status === expected) return { kind: 'proceed', item: current };
  const isEarlier =
    STEP_ORDER.indexOf(current.status) !== -1 &&
    STEP_ORDER.indexOf(current.status) < STEP_ORDER.indexOf(expected);
  if (isEarlier) {
    throw new StepOutOfOrderError(
      `video "${videoId}" is still "${current.status}", expected "${expected}": retrying once the earlier step is recorded`,
    );
  }
  return { kind: 'duplicate', item: current };
}

/** The status changes the pipeline makes, and the status each must start from. */
const TRANSITIONS = {
  transcribing: 'uploaded',
  transcoding: 'transcribing',
  ready: 'transcoding',
} as const satisfies Partial<Record<VideoStatus, VideoStatus>>;

/**
 * The conditional update moving a video to `to`: it only applies while the stored status is still the
 * expected previous one, so a re-delivered or concurrent event cannot apply the same step twice.
 */
export function statusUpdate(
  item: VideoItem,
  to: keyof typeof TRANSITIONS,
  set: Readonly<Partial<Pick<VideoItem, 'outputKey' | 'captionsKey'>>> = {},
): TableWrite {
  return {
    kind: 'update',
    key: keys.video(item.videoId),
    set: { ...set, status: to, correlationId: correlationIdForVideo(item.videoId) },
    condition: { kind: 'attributesEqual', attributes: { status: TRANSITIONS[to] } },
  };
}

/** Marks a video `failed` with the reason, from the status the failing step was in. */
export function failureUpdate(
  item: VideoItem,
  from: 'transcribing' | 'transcoding',
  reason: string,
): TableWrite {
  return {
    kind: 'update',
    key: keys.video(item.videoId),
    set: {
      status: 'failed',
      failureReason: truncateReason(reason),
      correlationId: correlationIdForVideo(item.videoId),
    },
    condition: { kind: 'attributesEqual', attributes: { status: from } },
  };
}

function truncateReason(reason: string): string {
  const trimmed = reason.trim() || 'no reason given';
  return trimmed.length <= MAX_FAILURE_REASON_LENGTH
    ? trimmed
    : `${trimmed.slice(0, MAX_FAILURE_REASON_LENGTH - 1)}…`;
}
