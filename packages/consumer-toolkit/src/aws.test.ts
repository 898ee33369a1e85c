import { IdempotencyConfig, IdempotencyItemAlreadyExistsError } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DYNAMODB } from '@sfe/aws-fetch';
import {
  awsJsonAnswer,
  awsJsonAnswering,
  type SentRequest,
  sdkRecordingHandler,
} from '@sfe/aws-fetch/testing';
import { createEvent, EventType } from '@sfe/events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { awsIdempotency, DynamoDbFetchPersistenceLayer } from './aws';
import { createConsumerHandler } from './consumer-handler';
import {
  CapturingLogger,
  createTestLambdaContext,
  toEventBridgeEvent,
  toSqsEvent,
  toSqsRecord,
} from './testing';

const TABLE = 'sfe-dev-idempotency';
/** Each request's operation (from `X-Amz-Target`) and JSON body. */
const callsOf = (sent: readonly Pick<SentRequest, 'headers' | 'body'>[]) =>
  sent.map((request) => ({
    target: request.headers['x-amz-target'],
    body: JSON.parse(request.body) as {
      TableName?: string;
      Item?: { id?: unknown };
      Key?: unknown;
      ExpressionAttributeValues?: unknown;
    },
  }));

// DynamoDB's answer to a PutItem whose condition failed, with ReturnValuesOnConditionCheckFailure: ALL_OLD.
const conditionalCheckFailed = (item: Record<string, unknown>) =>
  awsJsonAnswer(400, {
    __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException',
    message: 'The conditional request failed',
    Item: item,
  });

const event = createEvent(
  EventType.UserSignedUp,
  { userId: 'u-1', email: 'ada@example.com', name: 'Ada', signedUpAt: '2026-11-23T09:00:00.000Z' },
  { source: 'sfe-test' },
);

function setUp(handle: () => Promise<void>, ...answers: (() => Response)[]) {
  const { client, sent } = awsJsonAnswering(DYNAMODB, ...answers);
  const handler = createConsumerHandler({
    serviceName: 'test-consumer',
    accepts: [EventType.UserSignedUp],
    idempotency: awsIdempotency({ tableName: TABLE, client }),
    logger: new CapturingLogger({ serviceName: 'test-consumer' }),
    handle,
  });
  const run = () =>
    handler(
      toSqsEvent([toSqsRecord(toEventBridgeEvent(event), { messageId: 'm-1' })]),
      createTestLambdaContext({ functionName: 'test-consumer' }),
    );
  return { sent, run };
}

describe('awsIdempotency', () => {
  it('guards each event with a conditional PutItem then marks it COMPLETED in the idempotency table', async () => {
    let calls = 0;
    const { sent, run } = setUp(
      async () => {
        calls += 1;
      },
      awsJsonAnswer(200, {}),
      awsJsonAnswer(200, {}),
    );

    expect(await run()).toStrictEqual({ batchItemFailures: [] });

    expect(calls).toBe(1);
    const [put, update] = callsOf(sent);
    expect(put?.target).toBe('DynamoDB_20120810.PutItem');
    expect(put?.body.TableName).toBe(TABLE);
    expect(put?.body.Item).toMatchObject({ id: { S: expect.stringMatching(/^test-consumer#/) } });
    expect(put?.body.Item).toMatchObject({ status: { S: 'INPROGRESS' } });
    expect(update?.target).toBe('DynamoDB_20120810.UpdateItem');
    expect(update?.body.Key).toStrictEqual({ id: put?.body.Item?.id });
    expect(update?.body.ExpressionAttributeValues).toMatchObject({ ':status': { S: 'COMPLETED' } });
  });

  it('skips the side effect when DynamoDB already holds a COMPLETED record for the event', async () => {
    let calls = 0;
    const { sent, run } = setUp(
      async () => {
        calls += 1;
      },
      conditionalCheckFailed({
        id: { S: 'test-consumer#x' },
        status: { S: 'COMPLETED' },
        expiration: { N: String(Math.round(Date.now() / 1000) + 600) },
      }),
    );

    expect(await run()).toStrictEqual({ batchItemFailures: [] });
    expect(calls).toBe(0);
    expect(callsOf(sent).map((call) => call.target)).toStrictEqual(['DynamoDB_20120810.PutItem']);
  });

  it('deletes the in-progress record when the side effect fails, so a retry can run it', async () => {
    const { sent, run } = setUp(
      async () => {
        throw new Error('S3 unavailable');
      },
      awsJsonAnswer(200, {}),
      awsJsonAnswer(200, {}),
    );

    expect(await run()).toStrictEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }] });
    const [put, deleted] = callsOf(sent);
    expect(deleted?.target).toBe('DynamoDB_20120810.DeleteItem');
    expect(deleted?.body).toStrictEqual({ TableName: TABLE, Key: { id: put?.body.Item?.id } });
  });
});

describe('DynamoDbFetchPersistenceLayer sends what Powertools DynamoDBPersistenceLayer sends', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-12-05T12:00:00.000Z'), toFake: ['Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const credentials = {
    accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  };
  const config = new IdempotencyConfig({
    eventKeyJmesPath: 'id',
    payloadValidationJmesPath: 'amount',
    expiresAfterSeconds: 3600,
  });
  const data = { id: 'evt-1', amount: 4999 };

  /**
   * Both layers, configured alike, each answered with `answer` (DynamoDB's wire response) for every request:
   * ours through a recording fetch, Powertools' through its SDK client with a request handler that records.
   */
  function layers(answer: { status: number; body: unknown }) {
    const toResponse = () =>
      awsJsonAnswer(answer.status, answer.body, { 'content-type': 'application/x-amz-json-1.0' })();
    const { client, sent: oursSent } = awsJsonAnswering(
      DYNAMODB,
      ...Array.from({ length: 5 }, () => toResponse),
    );
    const ours = new DynamoDbFetchPersistenceLayer({ tableName: TABLE, client });
    const { requestHandler, sent: theirsSent } = sdkRecordingHandler(
      ...Array.from({ length: 5 }, () => toResponse),
    );
    const sdk = new DynamoDBClient({
      region: 'eu-west-2',
      credentials,
      maxAttempts: 1,
      requestHandler: requestHandler as unknown as DynamoDBClient['config']['requestHandler'],
    });
    const theirs = new DynamoDBPersistenceLayer({ tableName: TABLE, awsSdkV3Client: sdk });
    for (const layer of [ours, theirs] as BasePersistenceLayer[]) {
      layer.configure({ config, functionName: 'test-consumer' });
    }
    return { ours, theirs, oursSent, theirsSent };
  }

  it('takes a record with the same conditional PutItem', async () => {
    const { ours, theirs, oursSent, theirsSent } = layers({ status: 200, body: {} });
    await ours.saveInProgress(data, 30_000);
    await theirs.saveInProgress(data, 30_000);
    expect(callsOf(oursSent)).toStrictEqual(callsOf(theirsSent));
    expect(callsOf(oursSent)).toMatchObject([
      {
        target: 'DynamoDB_20120810.PutItem',
        body: {
          ConditionExpression:
            'attribute_not_exists(#id) OR #expiry < :now OR (#status = :inprogress AND attribute_exists(#in_progress_expiry) AND #in_progress_expiry < :now_in_millis)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
    ]);
  });

  it('completes, deletes and reads a record with the same UpdateItem, DeleteItem and GetItem', async () => {
    const stored = {
      id: { S: 'test-consumer#0b7a1f0e6f2ab4f1e4c6a6c1f2d9d2b1' },
      status: { S: 'COMPLETED' },
      expiration: { N: '1796652000' },
      data: { M: { ok: { BOOL: true } } },
      validation: { S: 'abc' },
    };
    const { ours, theirs, oursSent, theirsSent } = layers({ status: 200, body: { Item: stored } });
    for (const layer of [ours, theirs]) {
      await layer.saveSuccess(data, { ok: true });
      await layer.deleteRecord(data);
    }
    expect(callsOf(oursSent)).toStrictEqual(callsOf(theirsSent));
    expect(callsOf(oursSent).map((call) => call.target)).toStrictEqual([
      'DynamoDB_20120810.UpdateItem',
      'DynamoDB_20120810.DeleteItem',
    ]);
    // A stored record whose payload hash does not match fails validation the same way in both.
    const [oursRead, theirsRead] = await Promise.all(
      [ours, theirs].map((layer) => layer.getRecord(data).catch((e: unknown) => e)),
    );
    expect(oursRead).toStrictEqual(theirsRead);
    expect(callsOf(oursSent.slice(2))).toStrictEqual(callsOf(theirsSent.slice(2)));
    expect(callsOf(oursSent.slice(2))[0]?.target).toBe('DynamoDB_20120810.GetItem');
  });

  it('maps a failed condition to IdempotencyItemAlreadyExistsError with the existing record, as Powertools does', async () => {
    const old = {
      id: { S: 'test-consumer#x' },
      status: { S: 'INPROGRESS' },
      expiration: { N: '1796652000' },
      in_progress_expiration: { N: '1796648430000' },
    };
    const { ours, theirs } = layers({
      status: 400,
      body: {
        __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException',
        message: 'The conditional request failed',
        Item: old,
      },
    });
    const [oursError, theirsError] = await Promise.all(
      [ours, theirs].map((layer) => layer.saveInProgress(data, 30_000).catch((e: unknown) => e)),
    );
    expect(oursError).toBeInstanceOf(IdempotencyItemAlreadyExistsError);
    expect(theirsError).toBeInstanceOf(IdempotencyItemAlreadyExistsError);
    expect((oursError as Error).message).toBe((theirsError as Error).message);
    const existing = (oursError as IdempotencyItemAlreadyExistsError).existingRecord;
    expect(existing).toStrictEqual((theirsError as IdempotencyItemAlreadyExistsError).existingRecord);
    expect(existing?.idempotencyKey).toBe('test-consumer#x');
    expect(existing?.getStatus()).toBe('INPROGRESS');
    expect(existing?.inProgressExpiryTimestamp).toBe(1796648430000);
  });

  it('passes other errors through, as Powertools does', async () => {
    const { ours } = layers({
      status: 400,
      body: {
        __type: 'com.amazonaws.dynamodb.v20120810#ResourceNotFoundException',
        message: 'Requested resource not found',
      },
    });
    const error = await ours.saveInProgress(data, 30_000).catch((e: unknown) => e);
    expect((error as Error).name).toBe('ResourceNotFoundException');
  });
});
