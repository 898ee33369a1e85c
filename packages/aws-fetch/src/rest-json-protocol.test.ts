import { describe, expect, it } from 'vitest';
import { AwsServiceError } from './aws-call';
import { MEDIACONVERT } from './rest-json-protocol';
import { awsJsonAnswer, awsRestJsonAnswering } from './testing';

describe('createAwsRestJsonClient', () => {
  it('sends the method and path with the JSON body, signed, and returns the JSON answer', async () => {
    const { client, sent } = awsRestJsonAnswering(
      MEDIACONVERT,
      awsJsonAnswer(201, { job: { id: '1795428641000-k3x9qa', status: 'SUBMITTED' } }),
    );
    await expect(client.call('POST', '/2017-08-29/jobs', { role: 'r', settings: {} })).resolves.toStrictEqual(
      {
        job: { id: '1795428641000-k3x9qa', status: 'SUBMITTED' },
      },
    );
    expect(sent).toStrictEqual([
      expect.objectContaining({
        url: 'https://mediaconvert.eu-west-2.amazonaws.com/2017-08-29/jobs',
        method: 'POST',
        body: '{"role":"r","settings":{}}',
      }),
    ]);
    expect(sent[0]?.headers['content-type']).toBe('application/json');
    expect(sent[0]?.headers.authorization).toMatch(/\/eu-west-2\/mediaconvert\/aws4_request, /);
  });

  it('names an error by x-amzn-errortype (without its URI) and reads its message', async () => {
    const { client } = awsRestJsonAnswering(
      MEDIACONVERT,
      awsJsonAnswer(
        429,
        { message: 'Too many requests' },
        {
          'x-amzn-errortype':
            'TooManyRequestsException:http://internal.amazon.com/coral/com.amazonaws.mediaconvert/',
        },
      ),
    );
    const error = await client.call('POST', '/2017-08-29/jobs', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    // One attempt (the answering client's): a 429 is retryable, so it ends as the call's failure.
    expect((error as Error & { cause?: unknown }).cause).toBeInstanceOf(AwsServiceError);
    expect((error as Error & { cause?: unknown }).cause).toMatchObject({
      name: 'TooManyRequestsException',
      status: 429,
      retryable: true,
    });
  });
});
