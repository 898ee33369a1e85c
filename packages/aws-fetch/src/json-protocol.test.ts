import { Sha256 } from '@smithy/core/checksum';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import { AwsCallFailedError, AwsServiceError, awsEndpoint, awsRegion } from './aws-call';
import { createAwsJsonClient, DYNAMODB, EVENTBRIDGE, SQS } from './json-protocol';
import { awsJsonAnswer, awsJsonAnswering, recordingFetch } from './testing';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret', sessionToken: 'token' };

const noSleep = { sleep: async () => {} };

describe('createAwsJsonClient', () => {
  it("sends one signed POST with the operation's target and the input, and returns AWS's answer", async () => {
    // EventBridge's PutEvents answer, as on the wire.
    const { fetch, sent } = recordingFetch([
      awsJsonAnswer(200, {
        Entries: [{ EventId: '11710aed-b79e-4468-a20b-bb3c0c3b4860' }],
        FailedEntryCount: 0,
      }),
    ]);
    const client = createAwsJsonClient(EVENTBRIDGE, {
      region: 'eu-west-2',
      credentials,
      endpoint: 'https://events.eu-west-2.amazonaws.com',
      fetch,
    });
    const input = {
      Entries: [{ Source: 'sfe', DetailType: 'UserSignedUp', Detail: '{}', EventBusName: 'bus' }],
    };
    await expect(client.call('PutEvents', input)).resolves.toStrictEqual({
      Entries: [{ EventId: '11710aed-b79e-4468-a20b-bb3c0c3b4860' }],
      FailedEntryCount: 0,
    });
    expect(sent).toHaveLength(1);
    const [request] = sent;
    expect(request?.url).toBe('https://events.eu-west-2.amazonaws.com/');
    expect(request?.method).toBe('POST');
    expect(JSON.parse(request?.body ?? '')).toStrictEqual(input);
    expect(request?.headers['x-amz-target']).toBe('AWSEvents.PutEvents');
    expect(request?.headers['content-type']).toBe('application/x-amz-json-1.1');
    expect(request?.headers['x-amz-security-token']).toBe('token');
    expect(request?.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-2\/events\/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token;x-amz-target, Signature=[0-9a-f]{64}$/,
    );
  });

  it('signs the body: the signature is SigV4 of this very request, body included', async () => {
    const { fetch, sent } = recordingFetch([awsJsonAnswer(200, {})]);
    const client = createAwsJsonClient(SQS, {
      region: 'eu-west-2',
      credentials,
      endpoint: 'http://sqs.test',
      fetch,
    });
    await client.call('SendMessage', { QueueUrl: 'q', MessageBody: 'a' });
    const [request] = sent;
    // The payload hash is left for the signer to compute from the body it is given.
    const { authorization, 'x-amz-content-sha256': _hash, ...headers } = request?.headers ?? {};
    const stamp = headers['x-amz-date'] ?? '';
    const signingDate = new Date(
      `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 11)}:${stamp.slice(11, 13)}:${stamp.slice(13)}`,
    );
    const signer = new SignatureV4({
      service: 'sqs',
      region: 'eu-west-2',
      credentials,
      sha256: Sha256,
    });
    const signAs = async (body: string) =>
      (
        await signer.sign(
          {
            method: 'POST',
            protocol: 'http:',
            hostname: 'sqs.test',
            path: '/',
            query: {},
            headers: { ...headers, host: 'sqs.test' },
            body,
          },
          { signingDate },
        )
      ).headers.authorization;
    expect(authorization).toBe(await signAs(request?.body ?? ''));
    expect(authorization).not.toBe(await signAs('{"QueueUrl":"q","MessageBody":"b"}'));
    expect(headers['content-type']).toBe('application/x-amz-json-1.0');
    expect(headers['x-amz-target']).toBe('AmazonSQS.SendMessage');
  });

  it("throws AWS's error, named by its code without the namespace, and does not retry it", async () => {
    // SQS's answer for a queue that does not exist (JSON protocol).
    const { fetch, sent } = recordingFetch([
      awsJsonAnswer(
        400,
        { __type: 'com.amazonaws.sqs#QueueDoesNotExist', message: 'The specified queue does not exist.' },
        { 'x-amzn-query-error': 'AWS.SimpleQueueService.NonExistentQueue;Sender' },
      ),
    ]);
    const client = createAwsJsonClient(SQS, {
      region: 'eu-west-2',
      credentials,
      endpoint: 'http://sqs.test',
      fetch,
    });
    const error = await client
      .call('SendMessage', { QueueUrl: 'q', MessageBody: 'a' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsServiceError);
    expect(error).toMatchObject({
      name: 'QueueDoesNotExist',
      message: 'QueueDoesNotExist (HTTP 400): The specified queue does not exist.',
      status: 400,
      requestId: 'req-1',
      retryable: false,
    });
    expect(sent).toHaveLength(1);
  });

  it("speaks DynamoDB's protocol, and keeps an error answer's other members (the old item) as details", async () => {
    // DynamoDB's answer to a PutItem whose condition failed, with ReturnValuesOnConditionCheckFailure: ALL_OLD.
    const { client, sent } = awsJsonAnswering(
      DYNAMODB,
      awsJsonAnswer(400, {
        __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException',
        message: 'The conditional request failed',
        Item: { id: { S: 'svc#abc' }, status: { S: 'COMPLETED' } },
      }),
    );
    const error = await client
      .call('PutItem', { TableName: 't', Item: { id: { S: 'svc#abc' } } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsServiceError);
    expect(error).toMatchObject({
      name: 'ConditionalCheckFailedException',
      message: 'ConditionalCheckFailedException (HTTP 400): The conditional request failed',
      retryable: false,
      details: { Item: { id: { S: 'svc#abc' }, status: { S: 'COMPLETED' } } },
    });
    expect(sent[0]?.url).toBe('https://dynamodb.eu-west-2.amazonaws.com/');
    expect(sent[0]?.headers['x-amz-target']).toBe('DynamoDB_20120810.PutItem');
    expect(sent[0]?.headers['content-type']).toBe('application/x-amz-json-1.0');
    expect(sent[0]?.headers.authorization).toMatch(/\/eu-west-2\/dynamodb\/aws4_request, /);
  });

  it('reads a message spelled Message, and gives no details when the answer has only the code', async () => {
    const { client } = awsJsonAnswering(
      DYNAMODB,
      awsJsonAnswer(400, {
        __type: 'com.amazonaws.dynamodb.v20120810#ResourceNotFoundException',
        Message: 'Requested resource not found',
      }),
    );
    const error = await client.call('GetItem', { TableName: 't', Key: {} }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'ResourceNotFoundException (HTTP 400): Requested resource not found',
      details: {},
    });
  });

  it('retries throttling and 5xx answers with backoff, then succeeds', async () => {
    const delays: number[] = [];
    const { fetch, sent } = recordingFetch([
      awsJsonAnswer(400, { __type: 'ThrottlingException', message: 'Rate exceeded' }),
      awsJsonAnswer(503, { message: 'Service Unavailable' }),
      awsJsonAnswer(200, { MessageId: 'm-1' }),
    ]);
    const client = createAwsJsonClient(SQS, {
      region: 'eu-west-2',
      credentials,
      endpoint: 'http://sqs.test',
      fetch,
      sleep: async (ms) => {
        delays.push(ms);
      },
      random: () => 0.5,
    });
    await expect(client.call('SendMessage', { QueueUrl: 'q', MessageBody: 'a' })).resolves.toStrictEqual({
      MessageId: 'm-1',
    });
    expect(sent).toHaveLength(3);
    // Full jitter of 100 ms * 2^n, with random() = 0.5.
    expect(delays).toStrictEqual([100, 200]);
  });

  it('gives up after the attempts with the last failure, and abandons an attempt at its timeout', async () => {
    const hang = (): Promise<Response> => new Promise(() => {});
    const sent: string[] = [];
    const fetchFn = ((_input: string | URL | Request, init?: RequestInit) => {
      sent.push('attempt');
      return new Promise<Response>((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
        void hang();
      });
    }) as typeof fetch;
    const client = createAwsJsonClient(EVENTBRIDGE, {
      region: 'eu-west-2',
      credentials,
      endpoint: 'http://events.test',
      fetch: fetchFn,
      retry: { attemptTimeoutMs: 20, maxAttempts: 2 },
      ...noSleep,
    });
    const error = await client.call('PutEvents', { Entries: [] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsCallFailedError);
    expect((error as Error).message).toMatch(/^AWSEvents\.PutEvents failed after 2 attempts: TimeoutError/);
    expect(sent).toHaveLength(2);
  });
});

describe('awsRegion', () => {
  it('is the region given, else AWS_REGION, else an error saying what to set', () => {
    expect(awsRegion('eu-west-1', { AWS_REGION: 'eu-west-2' })).toBe('eu-west-1');
    expect(awsRegion(undefined, { AWS_REGION: 'eu-west-2' })).toBe('eu-west-2');
    expect(() => awsRegion(undefined, {})).toThrow('no AWS region: pass `region`, or set AWS_REGION');
  });

  it('is looked up at the first call, so a client can be built before the region is known', async () => {
    const { fetch, sent } = recordingFetch([awsJsonAnswer(200, {})]);
    const client = createAwsJsonClient(SQS, { credentials, fetch });
    const saved = process.env.AWS_REGION;
    process.env.AWS_REGION = 'ap-southeast-2';
    try {
      await client.call('SendMessage', { QueueUrl: 'q', MessageBody: 'a' });
    } finally {
      if (saved === undefined) delete process.env.AWS_REGION;
      else process.env.AWS_REGION = saved;
    }
    expect(sent[0]?.url).toBe('https://sqs.ap-southeast-2.amazonaws.com/');
  });
});

describe('awsEndpoint', () => {
  it("is the service's own variable, else AWS_ENDPOINT_URL, else the region's public endpoint", () => {
    expect(awsEndpoint(SQS, 'eu-west-2', {})).toBe('https://sqs.eu-west-2.amazonaws.com');
    expect(awsEndpoint(SQS, 'eu-west-2', { AWS_ENDPOINT_URL: 'http://127.0.0.1:4566/' })).toBe(
      'http://127.0.0.1:4566',
    );
    expect(
      awsEndpoint(SQS, 'eu-west-2', { AWS_ENDPOINT_URL: 'http://a', AWS_ENDPOINT_URL_SQS: 'http://sqs' }),
    ).toBe('http://sqs');
    expect(
      awsEndpoint(EVENTBRIDGE, 'eu-west-2', {
        AWS_ENDPOINT_URL: 'http://a',
        AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true',
      }),
    ).toBe('https://events.eu-west-2.amazonaws.com');
  });
});
