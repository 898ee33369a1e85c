import {
  BadRequestException,
  ConflictException,
  StartTranscriptionJobCommand,
  TranscribeClient,
} from '@aws-sdk/client-transcribe';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { buildTranscriptionRequest } from '../domain/transcription';
import { createAwsTranscriber } from './aws-transcriber';

const transcribe = mockClient(TranscribeClient);
const request = buildTranscriptionRequest(
  { videoId: 'v1', courseId: 'c1', sourceKey: 'uploads/c1/v1.mp4' },
  { bucket: 'uploads-bucket', languageCode: 'en-US' },
);

describe('createAwsTranscriber', () => {
  beforeEach(() => transcribe.reset());

  it('starts a job named sfe-<videoId> with WebVTT and SRT subtitles written under processed/', async () => {
    transcribe
      .on(StartTranscriptionJobCommand)
      .resolves({ TranscriptionJob: { TranscriptionJobName: 'sfe-v1' } });
    const transcriber = createAwsTranscriber(new TranscribeClient({ region: 'eu-west-1' }));

    expect(await transcriber.start(request)).toBe('started');
    expect(
      transcribe.commandCalls(StartTranscriptionJobCommand).map((call) => call.args[0].input),
    ).toStrictEqual([
      {
        TranscriptionJobName: 'sfe-v1',
        LanguageCode: 'en-US',
        Media: { MediaFileUri: 's3://uploads-bucket/uploads/c1/v1.mp4' },
        OutputBucketName: 'uploads-bucket',
        OutputKey: 'processed/c1/v1/transcript/',
        Subtitles: { Formats: ['vtt', 'srt'], OutputStartIndex: 1 },
      },
    ]);
  });

  it('treats ConflictException (the job name exists) as already started', async () => {
    transcribe
      .on(StartTranscriptionJobCommand)
      .rejects(new ConflictException({ message: 'The requested job name already exists.', $metadata: {} }));
    const transcriber = createAwsTranscriber(new TranscribeClient({ region: 'eu-west-1' }));
    expect(await transcriber.start(request)).toBe('already-started');
  });

  it('lets any other error fail the record', async () => {
    transcribe
      .on(StartTranscriptionJobCommand)
      .rejects(new BadRequestException({ message: 'Invalid S3 URI', $metadata: {} }));
    const transcriber = createAwsTranscriber(new TranscribeClient({ region: 'eu-west-1' }));
    await expect(transcriber.start(request)).rejects.toThrow('Invalid S3 URI');
  });
});
