import { ForeignJobError } from './errors';
import { isValidId } from './object-keys';

/** Every Transcribe job the pipeline starts is named `sfe-<videoId>`; the rule filters on this prefix. */
export const JOB_NAME_PREFIX = 'sfe-';

/**
 * The Transcribe job name for a video. Transcribe refuses a second job with the same name
 * (`ConflictException`), which is what makes starting the job idempotent.
 */
export function transcriptionJobName(videoId: string): string {
  return `${JOB_NAME_PREFIX}${videoId}`;
}

/** The video a Transcribe job belongs to; throws for a job the pipeline did not name. */
export function videoIdFromJobName(jobName: string): string {
  const videoId = jobName.startsWith(JOB_NAME_PREFIX) ? jobName.slice(JOB_NAME_PREFIX.length) : '';
  if (!isValidId(videoId)) {
    throw new ForeignJobError(
      `Transcribe job "${jobName}" is not one of ours (expected ${JOB_NAME_PREFIX}<videoId>)`,
    );
  }
  return videoId;
}
