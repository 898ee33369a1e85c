import {
  DynamoDBClient,
  PutItemCommand,
  TransactionCanceledException,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import {
  CapturingLogger,
  createTestLambdaContext,
  toEventBridgeEvent,
  toSqsEvent,
  toSqsRecord,
} from '@sfe/consumer-toolkit/testing';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { paymentCompleted, paymentItem, platformWith } from '../test/events';
import { awsDeps } from './aws-deps';
import { readReportingEnv } from './env';
import { createHandler } from './handler';

const env = readReportingEnv({
  REPORTING_TABLE_NAME: 'sfe-dev-reporting',
  IDEMPOTENCY_TABLE_NAME: 'sfe-dev-idempotency',
  PLATFORM_API_URL: 'https://abcdefghijklmnopqrstuvwxyz0123.lambda-url.eu-west-1.on.aws/',
  AWS_REGION: 'eu-west-1',
});
const documents = mockClient(DynamoDBDocumentClient);
afterEach(() => documents.reset());

async function setUp() {
  const client = new DynamoDBClient({ region: 'eu-west-1' });
  const dynamodb = mockClient(client);
  dynamodb.on(PutItemCommand).resolves({});
  dynamodb.on(UpdateItemCommand).resolves({});
  const handler = createHandler({
    // The call-back reads a table here; its signed HTTP client is tested in @sfe/platform-client.
    ...awsDeps(env, client, (await platformWith(paymentItem('p-1', 4999, 'GBP'))).reader),
    logger: new CapturingLogger({ serviceName: 'reporting-service' }),
  });
  return (messageId: string) =>
    handler(
      toSqsEvent([toSqsRecord(toEventBridgeEvent(paymentCompleted('p-1')), { messageId })]),
      createTestLambdaContext({ functionName: 'reporting-service' }),
    );
}

describe('awsDeps', () => {
  it('writes the marker and the increment in one TransactWriteItems on the reporting table', async () => {
    documents.on(TransactWriteCommand).resolves({});
    const run = await setUp();

    expect(await run('m-1')).toStrictEqual({ batchItemFailures: [] });

    const input = documents.commandCalls(TransactWriteCommand)[0]?.args[0].input;
    expect(input?.TransactItems).toStrictEqual([
      {
        Put: {
          TableName: 'sfe-dev-reporting',
          Item: expect.objectContaining({
            pk: 'COUNTED#PAYMENT#p-1',
            sk: 'FACT',
            eventType: 'PaymentCompleted',
          }),
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': 'pk' },
        },
      },
      {
        Update: {
          TableName: 'sfe-dev-reporting',
          Key: { pk: 'REPORT#REVENUE_PER_DAY', sk: '2026-11-23#GBP' },
          UpdateExpression: expect.stringMatching(/^SET .* ADD /),
          ExpressionAttributeNames: expect.any(Object),
          ExpressionAttributeValues: expect.objectContaining({ ':a0': 4999, ':a1': 1 }),
        },
      },
    ]);
  });

  it('treats a cancelled transaction whose marker condition failed as already counted', async () => {
    documents.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message:
          'Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed, None]',
        $metadata: {},
        CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }],
      }),
    );
    const run = await setUp();
    expect(await run('m-1')).toStrictEqual({ batchItemFailures: [] });
  });

  it('fails the record when DynamoDB throttles the transaction', async () => {
    documents.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message: 'Transaction cancelled [ThrottlingError, None]',
        $metadata: {},
        CancellationReasons: [{ Code: 'ThrottlingError' }, { Code: 'None' }],
      }),
    );
    const run = await setUp();
    expect(await run('m-1')).toStrictEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }] });
  });
});

describe('readReportingEnv', () => {
  it('names every missing variable', () => {
    expect(() => readReportingEnv({})).toThrow(/IDEMPOTENCY_TABLE_NAME.*REPORTING_TABLE_NAME/);
  });
});
