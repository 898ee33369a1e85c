import { transcriptionJobName } from './job-names';
import { transcriptFolder, transcriptKeys } from './object-keys';

/** Subtitle formats asked of Transcribe: WebVTT feeds MediaConvert and the player, SRT is for download. */
export const SUBTITLE_FORMATS = ['vtt', 'srt'] as const;

/** Everything needed to start the transcription of one upload, independent of who runs it. */
export interface TranscriptionRequest {
  readonly jobName: string;
  readonly videoId: string;
  readonly courseId: string;
  readonly bucket: string;
  /** The upload to transcribe. */
  readonly mediaKey: string;
  /** Folder Transcribe writes into (ends in `/`, so its files are named after the job). */
  readonly outputKey: string;
  readonly languageCode: string;
  readonly subtitleFormats: readonly (typeof SUBTITLE_FORMATS)[number][];
  /** The WebVTT file the job will write, which the transcode step uses as its caption source. */
  readonly captionsKey: string;
}

export interface TranscriptionTarget {
  readonly videoId: string;
  readonly courseId: string;
  readonly sourceKey: string;
}

/** Builds the transcription request for a video stored in `bucket`. */
export function buildTranscriptionRequest(
  video: TranscriptionTarget,
  options: { readonly bucket: string; readonly languageCode: string },
): TranscriptionRequest {
  const jobName = transcriptionJobName(video.videoId);
  return {
    jobName,
    videoId: video.videoId,
    courseId: video.courseId,
    bucket: options.bucket,
    mediaKey: video.sourceKey,
    outputKey: transcriptFolder(video.courseId, video.videoId),
    languageCode: options.languageCode,
    subtitleFormats: SUBTITLE_FORMATS,
    captionsKey: transcriptKeys(video.courseId, video.videoId, jobName).vtt,
  };
}
