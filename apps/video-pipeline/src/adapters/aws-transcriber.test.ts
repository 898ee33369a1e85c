import { AwsServiceError, TRANSCRIBE } from '@sfe/aws-fetch';
import { awsJsonAnswer, awsJsonAnswering } from '@sfe/aws-fetch/testing';
import { describe, expect, it } from 'vitest';
import { buildTranscriptionRequest } from '../domain/transcription';
import { createAwsTranscriber } from './aws-transcriber';

const request = buildTranscriptionRequest(
  { videoId: 'v1', courseId: 'c1', sourceKey: 'uploads/c1/v1.mp4' },
  { bucket: 'uploads-bucket', languageCode: 'en-US' },
);

describe('createAwsTranscriber', () => {
  it('starts a job named sfe-<videoId> with WebVTT and SRT subtitles written under processed/', async () => {
    // StartTranscriptionJob's answer as Transcribe sends it (JSON 1.1).
    const { client, sent } = awsJsonAnswering(
      TRANSCRIBE,
      awsJsonAnswer(200, {
        TranscriptionJob: {
          TranscriptionJobName: 'sfe-v1',
          TranscriptionJobStatus: 'IN_PROGRESS',
          LanguageCode: 'en-US',
          Media: { MediaFileUri: 's3://uploads-bucket/uploads/c1/v1.mp4' },
          StartTime: 1796637600.123,
          CreationTime: 1796637600.1,
        },
      }),
    );

    expect(await createAwsTranscriber(client).start(request)).toBe('started');
    expect(sent.map((call) => [call.url, call.headers['x-amz-target'], JSON.parse(call.body)])).toStrictEqual(
      [
        [
          'https://transcribe.eu-west-2.amazonaws.com/',
          'Transcribe.StartTranscriptionJob',
          {
            TranscriptionJobName: 'sfe-v1',
            LanguageCode: 'en-US',
            Media: { MediaFileUri: 's3://uploads-bucket/uploads/c1/v1.mp4' },
            OutputBucketName: 'uploads-bucket',
            OutputKey: 'processed/c1/v1/transcript/',
            Subtitles: { Formats: ['vtt', 'srt'], OutputStartIndex: 1 },
          },
        ],
      ],
    );
    expect(sent[0]?.headers['content-type']).toBe('application/x-amz-json-1.1');
    expect(sent[0]?.headers.authorization).toMatch(/\/eu-west-2\/transcribe\/aws4_request, /);
  });

  it('treats ConflictException (the job name exists) as already started', async () => {
    const { client } = awsJsonAnswering(
      TRANSCRIBE,
      awsJsonAnswer(400, {
        __type: 'ConflictException',
        Message: 'The requested job name already exists. Use a different job name.',
      }),
    );
    expect(await createAwsTranscriber(client).start(request)).toBe('already-started');
  });

  it('lets any other error fail the record', async () => {
    const { client } = awsJsonAnswering(
      TRANSCRIBE,
      awsJsonAnswer(400, { __type: 'BadRequestException', Message: 'Invalid S3 URI' }),
    );
    const error = await createAwsTranscriber(client)
      .start(request)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsServiceError);
    expect(error).toMatchObject({
      name: 'BadRequestException',
      message: 'BadRequestException (HTTP 400): Invalid S3 URI',
    });
  });
});
