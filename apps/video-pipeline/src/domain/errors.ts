/** Base class of every error the video pipeline throws on purpose. */
export class VideoPipelineError extends Error {
  override name = 'VideoPipelineError';
}

/** An uploaded object's key does not follow `uploads/<courseId>/<videoId>.<mp4|mov|mkv>`. */
export class InvalidUploadKeyError extends VideoPipelineError {
  override name = 'InvalidUploadKeyError';
}

/**
 * The pipeline was handed one of its own outputs (or anything outside `uploads/`). Its rule cannot route one
 * here; refusing it anyway makes a transcode-of-a-transcode loop impossible even if the rule is misconfigured.
 */
export class NotAnUploadError extends VideoPipelineError {
  override name = 'NotAnUploadError';
}

/** An event names a bucket other than the pipeline's uploads bucket. */
export class UnexpectedBucketError extends VideoPipelineError {
  override name = 'UnexpectedBucketError';
}

/** A job name or user metadata does not identify one of our videos. */
export class ForeignJobError extends VideoPipelineError {
  override name = 'ForeignJobError';
}

/** An event refers to a video the table does not know. */
export class VideoNotFoundError extends VideoPipelineError {
  override name = 'VideoNotFoundError';
}

/** The stored VIDEO item does not match the table contract. */
export class InvalidVideoItemError extends VideoPipelineError {
  override name = 'InvalidVideoItemError';
}

/** Two different uploads claim the same videoId (videoIds must be unique across courses and extensions). */
export class VideoIdConflictError extends VideoPipelineError {
  override name = 'VideoIdConflictError';
}

/**
 * An event arrived before the step it follows was recorded (e.g. Transcribe finished before the upload step
 * wrote `transcribing`). The record fails so SQS delivers it again once the earlier step has caught up.
 */
export class StepOutOfOrderError extends VideoPipelineError {
  override name = 'StepOutOfOrderError';
}

/** A job state change with a status this step does not act on (its rule filters these out). */
export class UnexpectedJobStatusError extends VideoPipelineError {
  override name = 'UnexpectedJobStatusError';
}
