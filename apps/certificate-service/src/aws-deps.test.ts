import { DynamoDBClient, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { createS3Objects } from '@sfe/aws-fetch';
import { recordingFetch } from '@sfe/aws-fetch/testing';
import {
  CapturingLogger,
  createTestLambdaContext,
  toEventBridgeEvent,
  toSqsEvent,
  toSqsRecord,
} from '@sfe/consumer-toolkit/testing';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
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

const documents = mockClient(DynamoDBDocumentClient);
afterEach(() => documents.reset());

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
    const dynamodbClient = new DynamoDBClient({ region: 'eu-west-1' });
    const dynamodb = mockClient(dynamodbClient);
    dynamodb.on(PutItemCommand).resolves({});
    dynamodb.on(UpdateItemCommand).resolves({});
    documents.on(GetCommand).resolves({});
    documents.on(PutCommand).resolves({});
    const handler = createHandler({
      ...awsDeps(env, { s3: s3Objects, dynamodb: dynamodbClient }),
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

    const lookup = documents.commandCalls(GetCommand)[0]?.args[0].input;
    expect(lookup).toMatchObject({
      TableName: 'sfe-dev-platform',
      Key: { pk: 'USER#u-1', sk: 'CERTIFICATE#c-event-driven' },
      ConsistentRead: true,
    });
    const put = documents.commandCalls(PutCommand)[0]?.args[0].input;
    expect(put?.TableName).toBe('sfe-dev-platform');
    expect(put?.Item).toMatchObject({
      pk: 'USER#u-1',
      sk: 'CERTIFICATE#c-event-driven',
      entityType: 'CERTIFICATE',
      downloadUrl: `https://abc123.lambda-url.eu-west-1.on.aws/certificates/${certificateIdFor('u-1', 'c-event-driven')}`,
    });
    expect(put?.ConditionExpression).toContain('attribute_not_exists');

    const idempotency = dynamodb.commandCalls(PutItemCommand)[0]?.args[0].input;
    expect(idempotency?.TableName).toBe('sfe-dev-idempotency');
    expect(idempotency?.Item?.id?.S).toMatch(/^certificate-service#/);
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
