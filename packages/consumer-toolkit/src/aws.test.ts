import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  DynamoDBClient,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { createEvent, EventType } from '@sfe/events';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { awsIdempotency } from './aws';
import { createConsumerHandler } from './consumer-handler';
import {
  CapturingLogger,
  createTestLambdaContext,
  toEventBridgeEvent,
  toSqsEvent,
  toSqsRecord,
} from './testing';

const event = createEvent(
  EventType.UserSignedUp,
  { userId: 'u-1', email: 'ada@example.com', name: 'Ada', signedUpAt: '2026-11-23T09:00:00.000Z' },
  { source: 'sfe-test' },
);

function setUp(handle: () => Promise<void>) {
  const client = new DynamoDBClient({ region: 'eu-west-1' });
  const dynamo = mockClient(client);
  const handler = createConsumerHandler({
    serviceName: 'test-consumer',
    accepts: [EventType.UserSignedUp],
    idempotency: awsIdempotency({ tableName: 'sfe-dev-idempotency', client }),
    logger: new CapturingLogger({ serviceName: 'test-consumer' }),
    handle,
  });
  const run = () =>
    handler(
      toSqsEvent([toSqsRecord(toEventBridgeEvent(event), { messageId: 'm-1' })]),
      createTestLambdaContext({ functionName: 'test-consumer' }),
    );
  return { dynamo, run };
}

describe('awsIdempotency', () => {
  it('guards each event with a conditional PutItem then marks it COMPLETED in the idempotency table', async () => {
    let calls = 0;
    const { dynamo, run } = setUp(async () => {
      calls += 1;
    });
    dynamo.on(PutItemCommand).resolves({});
    dynamo.on(UpdateItemCommand).resolves({});

    expect(await run()).toStrictEqual({ batchItemFailures: [] });

    expect(calls).toBe(1);
    const put = dynamo.commandCalls(PutItemCommand)[0]?.args[0].input;
    expect(put?.TableName).toBe('sfe-dev-idempotency');
    expect(put?.Item?.id?.S).toMatch(/^test-consumer#/);
    expect(put?.Item?.status?.S).toBe('INPROGRESS');
    expect(put?.ConditionExpression).toContain('attribute_not_exists(#id)');
    const update = dynamo.commandCalls(UpdateItemCommand)[0]?.args[0].input;
    expect(update?.Key).toStrictEqual(put?.Item && { id: put.Item.id });
    expect(update?.ExpressionAttributeValues?.[':status']).toStrictEqual({ S: 'COMPLETED' });
  });

  it('skips the side effect when DynamoDB already holds a COMPLETED record for the event', async () => {
    let calls = 0;
    const { dynamo, run } = setUp(async () => {
      calls += 1;
    });
    dynamo.on(PutItemCommand).rejects(
      new ConditionalCheckFailedException({
        message: 'The conditional request failed',
        $metadata: {},
        Item: {
          id: { S: 'test-consumer#x' },
          status: { S: 'COMPLETED' },
          expiration: { N: String(Math.round(Date.now() / 1000) + 600) },
        },
      }),
    );

    expect(await run()).toStrictEqual({ batchItemFailures: [] });
    expect(calls).toBe(0);
    expect(dynamo.commandCalls(UpdateItemCommand)).toHaveLength(0);
  });

  it('deletes the in-progress record when the side effect fails, so a retry can run it', async () => {
    const { dynamo, run } = setUp(async () => {
      throw new Error('S3 unavailable');
    });
    dynamo.on(PutItemCommand).resolves({});
    dynamo.on(DeleteItemCommand).resolves({});

    expect(await run()).toStrictEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }] });
    const put = dynamo.commandCalls(PutItemCommand)[0]?.args[0].input;
    const deleted = dynamo.commandCalls(DeleteItemCommand)[0]?.args[0].input;
    expect(deleted?.Key).toStrictEqual(put?.Item && { id: put.Item.id });
    expect(dynamo.commandCalls(UpdateItemCommand)).toHaveLength(0);
  });
});
