import { DYNAMODB } from '@sfe/aws-fetch';
import { awsJsonAnswer, awsJsonAnswering } from '@sfe/aws-fetch/testing';
import {
  CapturingLogger,
  createTestLambdaContext,
  toEventBridgeEvent,
  toSqsEvent,
  toSqsRecord,
} from '@sfe/consumer-toolkit/testing';
import { describe, expect, it } from 'vitest';
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
/** DynamoDB's answer when a transaction is cancelled, with a reason per write (as on the wire). */
const transactionCanceled = (reasons: string[]) =>
  awsJsonAnswer(400, {
    __type: 'com.amazonaws.dynamodb.v20120810#TransactionCanceledException',
    CancellationReasons: reasons.map((Code) => ({ Code })),
    Message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.join(', ')}]`,
  });

/**
 * The handler on DynamoDB answering, in order: the idempotency record taken (PutItem), then `transaction`
 * (the reporting table's TransactWriteItems), then the idempotency record completed or deleted.
 */
async function setUp(transaction: () => Response) {
  const { client, sent } = awsJsonAnswering(
    DYNAMODB,
    awsJsonAnswer(200, {}),
    transaction,
    awsJsonAnswer(200, {}),
  );
  const handler = createHandler({
    // The call-back reads a table here; its signed HTTP client is tested in @sfe/platform-client.
    ...awsDeps(env, client, (await platformWith(paymentItem('p-1', 4999, 'GBP'))).reader),
    logger: new CapturingLogger({ serviceName: 'reporting-service' }),
  });
  const run = (messageId: string) =>
    handler(
      toSqsEvent([toSqsRecord(toEventBridgeEvent(paymentCompleted('p-1')), { messageId })]),
      createTestLambdaContext({ functionName: 'reporting-service' }),
    );
  const calls = () =>
    sent.map((request) => ({
      target: request.headers['x-amz-target'],
      body: JSON.parse(request.body) as { TransactItems?: unknown },
    }));
  return { run, calls };
}

describe('awsDeps', () => {
  it('writes the marker and the increment in one TransactWriteItems on the reporting table', async () => {
    const { run, calls } = await setUp(awsJsonAnswer(200, {}));

    expect(await run('m-1')).toStrictEqual({ batchItemFailures: [] });

    const [, transaction] = calls();
    expect(transaction?.target).toBe('DynamoDB_20120810.TransactWriteItems');
    expect(transaction?.body.TransactItems).toStrictEqual([
      {
        Put: {
          TableName: 'sfe-dev-reporting',
          Item: expect.objectContaining({
            pk: { S: 'COUNTED#PAYMENT#p-1' },
            sk: { S: 'FACT' },
            eventType: { S: 'PaymentCompleted' },
          }),
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': 'pk' },
        },
      },
      {
        Update: {
          TableName: 'sfe-dev-reporting',
          Key: { pk: { S: 'REPORT#REVENUE_PER_DAY' }, sk: { S: '2026-11-23#GBP' } },
          UpdateExpression: expect.stringMatching(/^SET .* ADD /),
          ExpressionAttributeNames: expect.any(Object),
          ExpressionAttributeValues: expect.objectContaining({ ':a0': { N: '4999' }, ':a1': { N: '1' } }),
        },
      },
    ]);
  });

  it('treats a cancelled transaction whose marker condition failed as already counted', async () => {
    const { run, calls } = await setUp(transactionCanceled(['ConditionalCheckFailed', 'None']));
    expect(await run('m-1')).toStrictEqual({ batchItemFailures: [] });
    // The record is completed (UpdateItem), not released.
    expect(calls().map((call) => call.target)).toStrictEqual([
      'DynamoDB_20120810.PutItem',
      'DynamoDB_20120810.TransactWriteItems',
      'DynamoDB_20120810.UpdateItem',
    ]);
  });

  it('fails the record when DynamoDB throttles the transaction', async () => {
    const { run, calls } = await setUp(transactionCanceled(['ThrottlingError', 'None']));
    expect(await run('m-1')).toStrictEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }] });
    // The idempotency record is released (DeleteItem) so a retry can count it.
    expect(calls().map((call) => call.target)).toStrictEqual([
      'DynamoDB_20120810.PutItem',
      'DynamoDB_20120810.TransactWriteItems',
      'DynamoDB_20120810.DeleteItem',
    ]);
  });
});

describe('readReportingEnv', () => {
  it('names every missing variable', () => {
    expect(() => readReportingEnv({})).toThrow(/IDEMPOTENCY_TABLE_NAME.*REPORTING_TABLE_NAME/);
  });
});
