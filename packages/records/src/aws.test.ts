import { AwsServiceError, DYNAMODB } from '@sfe/aws-fetch';
import { awsJsonAnswer, awsJsonAnswering, type SentRequest } from '@sfe/aws-fetch/testing';
import { describe, expect, it } from 'vitest';
import { createDynamoTableStore } from './aws';
import { ConditionFailedError, InvalidWriteError } from './table-store';

const TableName = 'sfe-platform-prod';
const key = { pk: 'USER#u-1', sk: 'PROFILE' };
const wireKey = { pk: { S: 'USER#u-1' }, sk: { S: 'PROFILE' } };

/** A table store on DynamoDB whose requests are answered by `answers` (DynamoDB's wire responses). */
function storeAnswering(...answers: (() => Response)[]) {
  const { client, sent } = awsJsonAnswering(DYNAMODB, ...answers);
  return { store: createDynamoTableStore({ client, tableName: TableName }), sent };
}

/** Each request's operation (from `X-Amz-Target`) and JSON body. */
const callsOf = (sent: SentRequest[]) =>
  sent.map((request) => ({
    target: request.headers['x-amz-target'],
    body: JSON.parse(request.body) as unknown,
  }));

// DynamoDB's error answers, as on the wire (`__type` with its namespace).
const conditionalCheckFailed = awsJsonAnswer(400, {
  __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException',
  message: 'The conditional request failed',
});
const transactionCanceled = (reasons: string[]) =>
  awsJsonAnswer(400, {
    __type: 'com.amazonaws.dynamodb.v20120810#TransactionCanceledException',
    CancellationReasons: reasons.map((Code) =>
      Code === 'ConditionalCheckFailed' ? { Code, Message: 'The conditional request failed' } : { Code },
    ),
    Message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.join(', ')}]`,
  });

describe('createDynamoTableStore', () => {
  describe('get', () => {
    it('reads one item by key with a strongly consistent GetItem, unmarshalling its attributes', async () => {
      const { store, sent } = storeAnswering(
        awsJsonAnswer(200, {
          Item: {
            ...wireKey,
            name: { S: 'Ada' },
            visits: { N: '3' },
            active: { BOOL: true },
            avatarUrl: { NULL: true },
            tags: { L: [{ S: 'a' }, { N: '1.5' }] },
            address: { M: { city: { S: 'London' } } },
          },
        }),
      );
      expect(await store.get({ ...key, extra: 'ignored' } as typeof key)).toStrictEqual({
        ...key,
        name: 'Ada',
        visits: 3,
        active: true,
        avatarUrl: null,
        tags: ['a', 1.5],
        address: { city: 'London' },
      });
      expect(callsOf(sent)).toStrictEqual([
        {
          target: 'DynamoDB_20120810.GetItem',
          body: { TableName, Key: wireKey, ConsistentRead: true },
        },
      ]);
      expect(sent[0]?.url).toBe('https://dynamodb.eu-west-2.amazonaws.com/');
      expect(sent[0]?.headers['content-type']).toBe('application/x-amz-json-1.0');
    });

    it('returns undefined when there is no item (an empty answer)', async () => {
      const { store } = storeAnswering(awsJsonAnswer(200, {}));
      expect(await store.get(key)).toBeUndefined();
    });
  });

  describe('query', () => {
    it('reads every page of a partition by sort-key prefix, from LastEvaluatedKey', async () => {
      const lastKey = { pk: { S: 'USER#u-1' }, sk: { S: 'ENROLMENT#c-1' } };
      const { store, sent } = storeAnswering(
        awsJsonAnswer(200, { Items: [lastKey], Count: 1, ScannedCount: 1, LastEvaluatedKey: lastKey }),
        awsJsonAnswer(200, {
          Items: [{ pk: { S: 'USER#u-1' }, sk: { S: 'ENROLMENT#c-2' } }],
          Count: 1,
          ScannedCount: 1,
        }),
      );
      expect(await store.query('USER#u-1', 'ENROLMENT#')).toStrictEqual([
        { pk: 'USER#u-1', sk: 'ENROLMENT#c-1' },
        { pk: 'USER#u-1', sk: 'ENROLMENT#c-2' },
      ]);
      const query = {
        TableName,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :sk)',
        ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk' },
        ExpressionAttributeValues: { ':pk': { S: 'USER#u-1' }, ':sk': { S: 'ENROLMENT#' } },
        ConsistentRead: true,
      };
      expect(callsOf(sent)).toStrictEqual([
        { target: 'DynamoDB_20120810.Query', body: query },
        { target: 'DynamoDB_20120810.Query', body: { ...query, ExclusiveStartKey: lastKey } },
      ]);
    });

    it('omits begins_with for a whole partition (an empty key value is invalid)', async () => {
      const { store, sent } = storeAnswering(awsJsonAnswer(200, { Items: [], Count: 0, ScannedCount: 0 }));
      expect(await store.query('USER#u-1')).toStrictEqual([]);
      expect(callsOf(sent)).toStrictEqual([
        {
          target: 'DynamoDB_20120810.Query',
          body: {
            TableName,
            KeyConditionExpression: '#pk = :pk',
            ExpressionAttributeNames: { '#pk': 'pk' },
            ExpressionAttributeValues: { ':pk': { S: 'USER#u-1' } },
            ConsistentRead: true,
          },
        },
      ]);
    });
  });

  describe('a single write (a plain PutItem, UpdateItem or DeleteItem, cheaper than a transaction)', () => {
    it('puts with attribute_not_exists for notExists, without undefined attributes', async () => {
      const { store, sent } = storeAnswering(awsJsonAnswer(200, {}));
      await store.transact([
        {
          kind: 'put',
          item: { ...key, name: 'Ada', avatarUrl: undefined, scores: [1, undefined, 2] },
          condition: { kind: 'notExists' },
        },
      ]);
      expect(callsOf(sent)).toStrictEqual([
        {
          target: 'DynamoDB_20120810.PutItem',
          body: {
            TableName,
            Item: { ...wireKey, name: { S: 'Ada' }, scores: { L: [{ N: '1' }, { N: '2' }] } },
            ConditionExpression: 'attribute_not_exists(#pk)',
            ExpressionAttributeNames: { '#pk': 'pk' },
          },
        },
      ]);
    });

    it('puts without a condition expression when there is no condition', async () => {
      const { store, sent } = storeAnswering(awsJsonAnswer(200, {}));
      await store.transact([{ kind: 'put', item: { ...key, name: 'Ada' } }]);
      expect(callsOf(sent)).toStrictEqual([
        {
          target: 'DynamoDB_20120810.PutItem',
          body: { TableName, Item: { ...wireKey, name: { S: 'Ada' } } },
        },
      ]);
    });

    it('updates with SET and REMOVE (undefined values remove) under attribute_exists', async () => {
      const { store, sent } = storeAnswering(awsJsonAnswer(200, {}));
      await store.transact([
        {
          kind: 'update',
          key,
          set: { status: 'deactivated', name: 'Ada L.', bio: undefined },
          remove: ['avatarUrl'],
          condition: { kind: 'exists' },
        },
      ]);
      expect(callsOf(sent)).toStrictEqual([
        {
          target: 'DynamoDB_20120810.UpdateItem',
          body: {
            TableName,
            Key: wireKey,
            UpdateExpression: 'SET #s0 = :s0, #s1 = :s1 REMOVE #r0, #r1',
            ConditionExpression: 'attribute_exists(#pk)',
            ExpressionAttributeNames: {
              '#s0': 'status',
              '#s1': 'name',
              '#r0': 'bio',
              '#r1': 'avatarUrl',
              '#pk': 'pk',
            },
            ExpressionAttributeValues: { ':s0': { S: 'deactivated' }, ':s1': { S: 'Ada L.' } },
          },
        },
      ]);
    });

    it('expresses attributesEqual as equalities, and undefined as attribute_not_exists', async () => {
      const { store, sent } = storeAnswering(awsJsonAnswer(200, {}));
      await store.transact([
        {
          kind: 'update',
          key: { pk: 'VIDEO#v-1', sk: 'METADATA' },
          set: { status: 'transcoding' },
          condition: {
            kind: 'attributesEqual',
            attributes: { status: 'transcribing', failureReason: undefined, meta: { a: 1 } },
          },
        },
      ]);
      expect(callsOf(sent)).toStrictEqual([
        {
          target: 'DynamoDB_20120810.UpdateItem',
          body: {
            TableName,
            Key: { pk: { S: 'VIDEO#v-1' }, sk: { S: 'METADATA' } },
            UpdateExpression: 'SET #s0 = :s0',
            ConditionExpression: '#c0 = :c0 AND attribute_not_exists(#c1) AND #c2 = :c2',
            ExpressionAttributeNames: {
              '#s0': 'status',
              '#c0': 'status',
              '#c1': 'failureReason',
              '#c2': 'meta',
            },
            ExpressionAttributeValues: {
              ':s0': { S: 'transcoding' },
              ':c0': { S: 'transcribing' },
              ':c2': { M: { a: { N: '1' } } },
            },
          },
        },
      ]);
    });

    it('increments with ADD and sets alongside', async () => {
      const { store, sent } = storeAnswering(awsJsonAnswer(200, {}));
      await store.transact([
        {
          kind: 'increment',
          key: { pk: 'STATS#courses', sk: 'COUNTER' },
          add: { completed: 1, revenue: 4999 },
          set: { updatedAt: '2026-12-04T16:20:04.310Z' },
        },
      ]);
      expect(callsOf(sent)).toStrictEqual([
        {
          target: 'DynamoDB_20120810.UpdateItem',
          body: {
            TableName,
            Key: { pk: { S: 'STATS#courses' }, sk: { S: 'COUNTER' } },
            UpdateExpression: 'SET #s0 = :s0 ADD #a0 :a0, #a1 :a1',
            ExpressionAttributeNames: { '#s0': 'updatedAt', '#a0': 'completed', '#a1': 'revenue' },
            ExpressionAttributeValues: {
              ':s0': { S: '2026-12-04T16:20:04.310Z' },
              ':a0': { N: '1' },
              ':a1': { N: '4999' },
            },
          },
        },
      ]);
    });

    it('deletes by key, with a condition if given', async () => {
      const { store, sent } = storeAnswering(awsJsonAnswer(200, {}));
      await store.transact([{ kind: 'delete', key, condition: { kind: 'exists' } }]);
      expect(callsOf(sent)).toStrictEqual([
        {
          target: 'DynamoDB_20120810.DeleteItem',
          body: {
            TableName,
            Key: wireKey,
            ConditionExpression: 'attribute_exists(#pk)',
            ExpressionAttributeNames: { '#pk': 'pk' },
          },
        },
      ]);
    });

    it("maps DynamoDB's ConditionalCheckFailedException to ConditionFailedError naming the item", async () => {
      const { store } = storeAnswering(conditionalCheckFailed);
      const error = await store
        .transact([{ kind: 'put', item: key, condition: { kind: 'notExists' } }])
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConditionFailedError);
      expect((error as Error).message).toBe('condition failed for pk=USER#u-1 sk=PROFILE');
      expect((error as Error).cause).toBeInstanceOf(AwsServiceError);
      expect(((error as Error).cause as Error).name).toBe('ConditionalCheckFailedException');
    });

    it('passes other errors through', async () => {
      const { store } = storeAnswering(
        awsJsonAnswer(400, {
          __type: 'com.amazonaws.dynamodb.v20120810#ResourceNotFoundException',
          message: 'Requested resource not found',
        }),
      );
      const error = await store.transact([{ kind: 'delete', key }]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AwsServiceError);
      expect((error as Error).name).toBe('ResourceNotFoundException');
    });
  });

  describe('several writes (one TransactWriteItems)', () => {
    const enrolment = { pk: 'USER#u-1', sk: 'ENROLMENT#c-1' };

    it('sends every write as one transaction', async () => {
      const { store, sent } = storeAnswering(awsJsonAnswer(200, {}));
      await store.transact([
        { kind: 'put', item: { ...enrolment, progress: 0 }, condition: { kind: 'notExists' } },
        { kind: 'increment', key: { pk: 'STATS#courses', sk: 'COUNTER' }, add: { enrolments: 1 } },
        {
          kind: 'update',
          key,
          set: { status: 'active' },
          condition: { kind: 'attributesEqual', attributes: { v: 3 } },
        },
        { kind: 'delete', key: { pk: 'USER#u-1', sk: 'CART#c-1' } },
      ]);
      expect(callsOf(sent)).toStrictEqual([
        {
          target: 'DynamoDB_20120810.TransactWriteItems',
          body: {
            TransactItems: [
              {
                Put: {
                  TableName,
                  Item: { pk: { S: 'USER#u-1' }, sk: { S: 'ENROLMENT#c-1' }, progress: { N: '0' } },
                  ConditionExpression: 'attribute_not_exists(#pk)',
                  ExpressionAttributeNames: { '#pk': 'pk' },
                },
              },
              {
                Update: {
                  TableName,
                  Key: { pk: { S: 'STATS#courses' }, sk: { S: 'COUNTER' } },
                  UpdateExpression: 'ADD #a0 :a0',
                  ExpressionAttributeNames: { '#a0': 'enrolments' },
                  ExpressionAttributeValues: { ':a0': { N: '1' } },
                },
              },
              {
                Update: {
                  TableName,
                  Key: wireKey,
                  UpdateExpression: 'SET #s0 = :s0',
                  ConditionExpression: '#c0 = :c0',
                  ExpressionAttributeNames: { '#s0': 'status', '#c0': 'v' },
                  ExpressionAttributeValues: { ':s0': { S: 'active' }, ':c0': { N: '3' } },
                },
              },
              { Delete: { TableName, Key: { pk: { S: 'USER#u-1' }, sk: { S: 'CART#c-1' } } } },
            ],
          },
        },
      ]);
    });

    it('maps a cancellation for ConditionalCheckFailed to ConditionFailedError naming the failing items', async () => {
      const { store } = storeAnswering(transactionCanceled(['None', 'ConditionalCheckFailed']));
      const error = await store
        .transact([
          { kind: 'put', item: enrolment },
          { kind: 'put', item: key, condition: { kind: 'notExists' } },
        ])
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConditionFailedError);
      expect((error as Error).message).toBe('condition failed for pk=USER#u-1 sk=PROFILE');
      expect(((error as Error).cause as Error).name).toBe('TransactionCanceledException');
    });

    it('passes a cancellation for other reasons (a conflict) through, to be retried', async () => {
      const { store } = storeAnswering(transactionCanceled(['TransactionConflict', 'None']));
      const error = await store
        .transact([
          { kind: 'put', item: enrolment },
          { kind: 'put', item: key },
        ])
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AwsServiceError);
      expect(error).toMatchObject({
        name: 'TransactionCanceledException',
        details: { CancellationReasons: [{ Code: 'TransactionConflict' }, { Code: 'None' }] },
      });
    });
  });

  it('refuses invalid transactions before calling DynamoDB, and sends nothing for none', async () => {
    const { store, sent } = storeAnswering();
    await expect(
      store.transact([
        { kind: 'put', item: key },
        { kind: 'delete', key },
      ]),
    ).rejects.toBeInstanceOf(InvalidWriteError);
    await store.transact([]);
    expect(sent).toHaveLength(0);
  });
});
