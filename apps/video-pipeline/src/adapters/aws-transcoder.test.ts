import { CreateJobCommand, MediaConvertClient } from '@aws-sdk/client-mediaconvert';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { buildMediaConvertJob, buildTranscodeRequest } from '../domain/transcode';
import { createAwsTranscoder, MediaConvertResponseError } from './aws-transcoder';

const mediaConvert = mockClient(MediaConvertClient);
const ROLE = 'arn:aws:iam::111122223333:role/mediaconvert';
const request = buildTranscodeRequest(
  { videoId: 'v1', courseId: 'c1', sourceKey: 'uploads/c1/v1.mp4' },
  'bucket',
);

describe('createAwsTranscoder', () => {
  beforeEach(() => mediaConvert.reset());

  it('creates the job the domain describes, as the MediaConvert role, and returns its id', async () => {
    mediaConvert
      .on(CreateJobCommand)
      .resolves({ Job: { Id: '1795428641000-k3x9qa', Role: ROLE, Settings: {} } });
    const transcoder = createAwsTranscoder(new MediaConvertClient({ region: 'eu-west-1' }), {
      roleArn: ROLE,
    });

    expect(await transcoder.createJob(request)).toStrictEqual({ jobId: '1795428641000-k3x9qa' });
    expect(mediaConvert.commandCalls(CreateJobCommand).map((call) => call.args[0].input)).toStrictEqual([
      buildMediaConvertJob(request, { roleArn: ROLE }),
    ]);
  });

  it('uses the regional endpoint, with no account-specific endpoint configured', async () => {
    const client = new MediaConvertClient({ region: 'eu-west-1' });
    const endpoint = await client.config.endpointProvider({
      Region: 'eu-west-1',
      UseFIPS: false,
      UseDualStack: false,
    });
    expect(endpoint.url.href).toBe('https://mediaconvert.eu-west-1.amazonaws.com/');
  });

  it('fails when MediaConvert answers without a job id', async () => {
    mediaConvert.on(CreateJobCommand).resolves({});
    const transcoder = createAwsTranscoder(new MediaConvertClient({ region: 'eu-west-1' }), {
      roleArn: ROLE,
    });
    await expect(transcoder.createJob(request)).rejects.toThrow(MediaConvertResponseError);
  });
});
