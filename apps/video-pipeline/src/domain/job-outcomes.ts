import type { MediaConvertJobStateChangeDetail } from '../aws-events';
import { ForeignJobError, UnexpectedBucketError } from './errors';
import { isValidId, parseS3Uri, processedFolder, transcodeOutputKeys } from './object-keys';

/** The failure reason recorded when Transcribe reports FAILED. */
export function transcriptionFailureReason(jobName: string, failureReason: string | undefined): string {
  return `Transcription job ${jobName} failed: ${failureReason?.trim() || 'Transcribe gave no FailureReason'}`;
}

/** The failure reason recorded when MediaConvert reports ERROR. */
export function transcodeFailureReason(
  detail: Pick<MediaConvertJobStateChangeDetail, 'jobId' | 'errorCode' | 'errorMessage'>,
): string {
  const code = detail.errorCode === undefined ? '' : ` (error ${detail.errorCode})`;
  return `Transcode job ${detail.jobId} failed${code}: ${detail.errorMessage?.trim() || 'MediaConvert gave no errorMessage'}`;
}

/** The ids our MediaConvert jobs carry in `userMetadata`. */
export function videoFromUserMetadata(userMetadata: Readonly<Record<string, string>>): {
  readonly videoId: string;
  readonly courseId: string;
} {
  const { videoId = '', courseId = '' } = userMetadata;
  if (!isValidId(videoId) || !isValidId(courseId)) {
    throw new ForeignJobError(
      `MediaConvert job userMetadata ${JSON.stringify(userMetadata)} does not name a videoId and courseId of ours`,
    );
  }
  return { videoId, courseId };
}

/**
 * Where a completed transcode put the video and captions: the paths MediaConvert lists in the COMPLETE
 * event (authoritative), else the keys the job was asked to write. Every listed path must be in our bucket
 * under the video's `processed/` folder.
 */
export function completedOutputKeys(
  detail: Pick<MediaConvertJobStateChangeDetail, 'jobId' | 'outputGroupDetails'>,
  video: { readonly videoId: string; readonly courseId: string },
  bucket: string,
): { readonly outputKey: string; readonly captionsKey: string } {
  const folder = processedFolder(video.courseId, video.videoId);
  const listed = (detail.outputGroupDetails ?? [])
    .flatMap((group) => group.outputDetails ?? [])
    .flatMap((output) => output.outputFilePaths ?? [])
    .map((path) => {
      const location = parseS3Uri(path);
      if (!location || location.bucket !== bucket || !location.key.startsWith(folder)) {
        throw new UnexpectedBucketError(
          `MediaConvert job ${detail.jobId} wrote "${path}", outside s3://${bucket}/${folder}`,
        );
      }
      return location.key;
    });
  const expected = transcodeOutputKeys(video.courseId, video.videoId);
  return {
    outputKey: listed.find((key) => key.endsWith('.mp4')) ?? expected.video,
    captionsKey: listed.find((key) => key.endsWith('.vtt')) ?? expected.captions,
  };
}
