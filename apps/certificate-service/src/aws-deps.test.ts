import { createS3Objects, DYNAMODB } from '@sfe/aws-fetch';
import { awsJsonAnswer, awsJsonAnswering, recordingFetch } from '@sfe/aws-fetch/testing';
import {
  CapturingLogger,
  createTestLambdaContext,
  toEventBridgeEvent,
  toSqsEvent,
  toSqsRecord,
} from '@sfe/consumer-toolkit/testing';
import { describe, expect, it } from 'vitest';
import { courseCompletedV2 } from '../test/events';
import { awsDeps } from './aws-deps';
import { certificateIdFor } from './domain/certificate';
import { createHandler } from './handler';
import { service } from './service';

const env = service.parseConfig({
  TABLE_NAME: 'sfe-dev-platform',
  CERTIFICATES_BUCKET_NAME: 'sfe-dev-certificates',
  IDEMPOTENCY_TABLE_NAME: 'sfe-dev-idempotency',
  CERTIFICATE_VERIFICATION_BASE_URL: 'https://learn.example.com/certificates',
  CERTIFICATE_DOWNLOAD_BASE_URL: 'https://abc123.lambda-url.eu-west-1.on.aws/',
});

describe('awsDeps', () => {
  it('stores the PDF in S3 and conditionally puts the item in DynamoDB', async () => {
    // S3's PutObject answer (200, an ETag), as on the wire.
    const { fetch, sent } = recordingFetch([
      () => new Response(null, { status: 200, headers: { etag: '"abc"' } }),
    ]);
    const s3Objects = createS3Objects({
      region: 'eu-west-1',
      endpoint: 'https://s3.eu-west-1.amazonaws.com',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
      fetch,
    });
    // DynamoDB's answers, in order: the idempotency record taken (PutItem), no certificate yet (GetItem), the
    // certificate item put (PutItem), the idempotency record completed (UpdateItem).
    const { client: dynamodb, sent: dynamoSent } = awsJsonAnswering(
      DYNAMODB,
      awsJsonAnswer(200, {}),
      awsJsonAnswer(200, {}),
      awsJsonAnswer(200, {}),
      awsJsonAnswer(200, { Attributes: {} }),
    );
    const handler = createHandler({
      ...awsDeps(env, { s3: s3Objects, dynamodb }),
      logger: new CapturingLogger({ serviceName: 'certificate-service' }),
    });

    const response = await handler(
      toSqsEvent([toSqsRecord(toEventBridgeEvent(courseCompletedV2()), { messageId: 'm-1' })]),
      createTestLambdaContext({ functionName: 'certificate-service' }),
    );

    expect(response).toStrictEqual({ batchItemFailures: [] });
    const [upload] = sent;
    expect(upload?.method).toBe('PUT');
    expect(upload?.url).toBe(
      `https://sfe-dev-certificates.s3.eu-west-1.amazonaws.com/certificates/${certificateIdFor('u-1', 'c-event-driven')}.pdf?x-id=PutObject`,
    );
    expect(upload?.headers['content-type']).toBe('application/pdf');
    expect(upload?.body.slice(0, 5)).toBe('%PDF-');

    const calls = dynamoSent.map((request) => ({
      target: request.headers['x-amz-target'],
      body: JSON.parse(request.body) as Record<string, unknown>,
    }));
    expect(calls.map((call) => call.target)).toStrictEqual([
      'DynamoDB_20120810.PutItem',
      'DynamoDB_20120810.GetItem',
      'DynamoDB_20120810.PutItem',
      'DynamoDB_20120810.UpdateItem',
    ]);
    const [idempotency, lookup, put] = calls;
    expect(idempotency?.body.TableName).toBe('sfe-dev-idempotency');
    expect(idempotency?.body.Item).toMatchObject({
      id: { S: expect.stringMatching(/^certificate-service#/) },
    });
    expect(lookup?.body).toStrictEqual({
      TableName: 'sfe-dev-platform',
      Key: { pk: { S: 'USER#u-1' }, sk: { S: 'CERTIFICATE#c-event-driven' } },
      ConsistentRead: true,
    });
    expect(put?.body.TableName).toBe('sfe-dev-platform');
    expect(put?.body.Item).toMatchObject({
      pk: { S: 'USER#u-1' },
      sk: { S: 'CERTIFICATE#c-event-driven' },
      entityType: { S: 'CERTIFICATE' },
      downloadUrl: {
        S: `https://abc123.lambda-url.eu-west-1.on.aws/certificates/${certificateIdFor('u-1', 'c-event-driven')}`,
      },
    });
    expect(put?.body.ConditionExpression).toContain('attribute_not_exists');
  });
});

describe('the config', () => {
  it('names every missing variable', () => {
    expect(() => service.parseConfig({})).toThrow(
      /IDEMPOTENCY_TABLE_NAME.*TABLE_NAME.*CERTIFICATES_BUCKET_NAME.*CERTIFICATE_VERIFICATION_BASE_URL.*CERTIFICATE_DOWNLOAD_BASE_URL/,
    );
  });

  it('defaults the issuer', () => {
    expect(env.CERTIFICATE_ISSUER).toBe('SFE Academy');
  });
});
