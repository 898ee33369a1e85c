import { CreateJobCommand, MediaConvertClient } from '@aws-sdk/client-mediaconvert';
import { MEDIACONVERT } from '@sfe/aws-fetch';
import { awsJsonAnswer, awsRestJsonAnswering, sdkRecordingHandler } from '@sfe/aws-fetch/testing';
import { describe, expect, it } from 'vitest';
import { buildMediaConvertJob, buildTranscodeRequest } from '../domain/transcode';
import { createAwsTranscoder, MediaConvertResponseError } from './aws-transcoder';

const ROLE = 'arn:aws:iam::111122223333:role/mediaconvert';
const request = buildTranscodeRequest(
  { videoId: 'v1', courseId: 'c1', sourceKey: 'uploads/c1/v1.mp4' },
  'bucket',
);
// CreateJob's answer as MediaConvert sends it (201, REST-JSON, lower camel case).
const created = awsJsonAnswer(201, {
  job: { id: '1795428641000-k3x9qa', role: ROLE, status: 'SUBMITTED', settings: {} },
});

/** The request the SDK's own MediaConvert client sends for `input` (its serializer, on a recording handler). */
async function sdkRequest(input: ConstructorParameters<typeof CreateJobCommand>[0]) {
  const { requestHandler, sent } = sdkRecordingHandler(created);
  const client = new MediaConvertClient({
    region: 'eu-west-2',
    credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'secret' },
    maxAttempts: 1,
    requestHandler: requestHandler as unknown as MediaConvertClient['config']['requestHandler'],
  });
  await client.send(new CreateJobCommand(input));
  return sent[0];
}

describe('createAwsTranscoder', () => {
  it("creates the job the domain describes, as the SDK's client would send it, and returns its id", async () => {
    const { client, sent } = awsRestJsonAnswering(MEDIACONVERT, created);
    const transcoder = createAwsTranscoder(client, { roleArn: ROLE });

    expect(await transcoder.createJob(request)).toStrictEqual({ jobId: '1795428641000-k3x9qa' });
    expect(sent).toHaveLength(1);
    const [ours] = sent;
    expect(ours?.url).toBe('https://mediaconvert.eu-west-2.amazonaws.com/2017-08-29/jobs');
    expect(ours?.method).toBe('POST');
    expect(ours?.headers['content-type']).toBe('application/json');
    expect(ours?.headers.authorization).toMatch(/\/eu-west-2\/mediaconvert\/aws4_request, /);
    const sdk = await sdkRequest(buildMediaConvertJob(request, { roleArn: ROLE }));
    expect([ours?.method, new URL(ours?.url ?? '').pathname]).toStrictEqual([
      sdk?.method,
      new URL(sdk?.url ?? '').pathname,
    ]);
    expect(JSON.parse(ours?.body ?? '')).toStrictEqual(JSON.parse(sdk?.body ?? ''));
    // Our names for map entries are kept, every member name is lower camel case.
    expect(JSON.parse(ours?.body ?? '')).toMatchObject({
      role: ROLE,
      userMetadata: { videoId: 'v1', courseId: 'c1' },
      settings: { inputs: [{ audioSelectors: { 'Audio Selector 1': { defaultSelection: 'DEFAULT' } } }] },
    });
  });

  it('lets an error answer fail the record, named by its type', async () => {
    const { client } = awsRestJsonAnswering(
      MEDIACONVERT,
      awsJsonAnswer(
        400,
        { message: '/outputGroups/0/outputs/0: Should have at least 1 items' },
        {
          'x-amzn-errortype':
            'BadRequestException:http://internal.amazon.com/coral/com.amazonaws.mediaconvert/',
        },
      ),
    );
    await expect(createAwsTranscoder(client, { roleArn: ROLE }).createJob(request)).rejects.toMatchObject({
      name: 'BadRequestException',
      status: 400,
    });
  });

  it('fails when MediaConvert answers without a job id', async () => {
    const { client } = awsRestJsonAnswering(MEDIACONVERT, awsJsonAnswer(201, {}));
    await expect(createAwsTranscoder(client, { roleArn: ROLE }).createJob(request)).rejects.toThrow(
      MediaConvertResponseError,
    );
  });
});
