import { type AwsJsonClient, AwsServiceError } from '@sfe/aws-fetch';
import type { TranscriptionRequest } from '../domain/transcription';
import type { StartOutcome, Transcriber } from './transcriber';

/**
 * Amazon Transcribe's StartTranscriptionJob through `@sfe/aws-fetch` (`createAwsJsonClient(TRANSCRIBE, ...)`),
 * not the SDK's Transcribe client. Transcribe reads the upload and writes its output with the caller's
 * permissions, so the function's role needs `s3:GetObject` on `uploads/*` and `s3:PutObject` on `processed/*`.
 */
export function createAwsTranscriber(transcribe: AwsJsonClient): Transcriber {
  return {
    async start(request: TranscriptionRequest): Promise<StartOutcome> {
      try {
        await transcribe.call('StartTranscriptionJob', {
          TranscriptionJobName: request.jobName,
          LanguageCode: request.languageCode,
          Media: { MediaFileUri: `s3://${request.bucket}/${request.mediaKey}` },
          // No MediaFormat: Transcribe detects the container. It lists mp4 among its formats but not mov/mkv;
          // one it cannot read ends as a FAILED job with the reason, i.e. VideoProcessingFailed.
          OutputBucketName: request.bucket,
          OutputKey: request.outputKey,
          Subtitles: { Formats: [...request.subtitleFormats], OutputStartIndex: 1 },
        });
        return 'started';
      } catch (error) {
        // Job names are unique per account: the job this request names already exists, i.e. was started.
        if (error instanceof AwsServiceError && error.name === 'ConflictException') return 'already-started';
        throw error;
      }
    },
  };
}
