import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { createDynamoTableStore } from './aws';
import { ConditionFailedError, InvalidWriteError } from './table-store';

const client = DynamoDBDocumentClient.from(
  new DynamoDBClient({
    region: 'eu-west-2',
    credentials: {
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    },
  }),
);
const ddb = mockClient(DynamoDBDocumentClient);
afterEach(() => ddb.reset());

const TableName = 'sfe-platform-prod';
const store = createDynamoTableStore({ client, tableName: TableName });
const key = { pk: 'USER#u-1', sk: 'PROFILE' };

const inputsOf = <T extends object>(command: new (input: T) => { input: T }) =>
  ddb.commandCalls(command as Parameters<typeof ddb.commandCalls>[0]).map((call) => call.args[0].input as T);

describe('createDynamoTableStore', () => {
  describe('get', () => {
    it('reads one item by key with a strongly consistent read', async () => {
      ddb.on(GetCommand).resolves({ Item: { ...key, name: 'Ada' } });
      expect(await store.get({ ...key, extra: 'ignored' } as typeof key)).toStrictEqual({
        ...key,
        name: 'Ada',
      });
      expect(inputsOf(GetCommand)).toStrictEqual([{ TableName, Key: key, ConsistentRead: true }]);
    });

    it('returns undefined when there is no item', async () => {
      ddb.on(GetCommand).resolves({});
      expect(await store.get(key)).toBeUndefined();
    });
  });

  describe('query', () => {
    it('reads every page of a partition by sort-key prefix', async () => {
      // Inputs are copied when sent: the SDK's paginator reuses (and mutates) one input object across pages.
      const sent: unknown[] = [];
      const pages = [
        {
          Items: [{ pk: 'USER#u-1', sk: 'ENROLMENT#c-1' }],
          LastEvaluatedKey: { pk: 'USER#u-1', sk: 'ENROLMENT#c-1' },
        },
        { Items: [{ pk: 'USER#u-1', sk: 'ENROLMENT#c-2' }] },
      ];
      ddb.on(QueryCommand).callsFake((input) => {
        sent.push(structuredClone(input));
        return pages[sent.length - 1];
      });
      expect(await store.query('USER#u-1', 'ENROLMENT#')).toStrictEqual([
        { pk: 'USER#u-1', sk: 'ENROLMENT#c-1' },
        { pk: 'USER#u-1', sk: 'ENROLMENT#c-2' },
      ]);
      const query = {
        TableName,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :sk)',
        ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk' },
        ExpressionAttributeValues: { ':pk': 'USER#u-1', ':sk': 'ENROLMENT#' },
        ConsistentRead: true,
      };
      // toEqual: the paginator adds `ExclusiveStartKey: undefined` and `Limit: undefined` to the first page.
      expect(sent).toEqual([query, { ...query, ExclusiveStartKey: { pk: 'USER#u-1', sk: 'ENROLMENT#c-1' } }]);
    });

    it('omits begins_with for a whole partition (an empty key value is invalid)', async () => {
      ddb.on(QueryCommand).resolves({ Items: [] });
      expect(await store.query('USER#u-1')).toStrictEqual([]);
      expect(inputsOf(QueryCommand)).toEqual([
        {
          TableName,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': 'pk' },
          ExpressionAttributeValues: { ':pk': 'USER#u-1' },
          ConsistentRead: true,
        },
      ]);
    });
  });

  describe('a single write (a plain command, cheaper than a transaction)', () => {
    it('puts with attribute_not_exists for notExists, without undefined attributes', async () => {
      ddb.on(PutCommand).resolves({});
      await store.transact([
        {
          kind: 'put',
          item: { ...key, name: 'Ada', avatarUrl: undefined },
          condition: { kind: 'notExists' },
        },
      ]);
      expect(inputsOf(PutCommand)).toStrictEqual([
        {
          TableName,
          Item: { ...key, name: 'Ada' },
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': 'pk' },
        },
      ]);
      expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
    });

    it('puts without a condition expression when there is no condition', async () => {
      ddb.on(PutCommand).resolves({});
      await store.transact([{ kind: 'put', item: { ...key, name: 'Ada' } }]);
      expect(inputsOf(PutCommand)).toStrictEqual([{ TableName, Item: { ...key, name: 'Ada' } }]);
    });

    it('updates with SET and REMOVE (undefined values remove) under attribute_exists', async () => {
      ddb.on(UpdateCommand).resolves({});
      await store.transact([
        {
          kind: 'update',
          key,
          set: { status: 'deactivated', name: 'Ada L.', bio: undefined },
          remove: ['avatarUrl'],
          condition: { kind: 'exists' },
        },
      ]);
      expect(inputsOf(UpdateCommand)).toStrictEqual([
        {
          TableName,
          Key: key,
          UpdateExpression: 'SET #s0 = :s0, #s1 = :s1 REMOVE #r0, #r1',
          ConditionExpression: 'attribute_exists(#pk)',
          ExpressionAttributeNames: {
            '#s0': 'status',
            '#s1': 'name',
            '#r0': 'bio',
            '#r1': 'avatarUrl',
            '#pk': 'pk',
          },
          ExpressionAttributeValues: { ':s0': 'deactivated', ':s1': 'Ada L.' },
        },
      ]);
    });

    it('expresses attributesEqual as equalities, and undefined as attribute_not_exists', async () => {
      ddb.on(UpdateCommand).resolves({});
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
      expect(inputsOf(UpdateCommand)).toStrictEqual([
        {
          TableName,
          Key: { pk: 'VIDEO#v-1', sk: 'METADATA' },
          UpdateExpression: 'SET #s0 = :s0',
          ConditionExpression: '#c0 = :c0 AND attribute_not_exists(#c1) AND #c2 = :c2',
          ExpressionAttributeNames: {
            '#s0': 'status',
            '#c0': 'status',
            '#c1': 'failureReason',
            '#c2': 'meta',
          },
          ExpressionAttributeValues: { ':s0': 'transcoding', ':c0': 'transcribing', ':c2': { a: 1 } },
        },
      ]);
    });

    it('increments with ADD and sets alongside', async () => {
      ddb.on(UpdateCommand).resolves({});
      await store.transact([
        {
          kind: 'increment',
          key: { pk: 'STATS#courses', sk: 'COUNTER' },
          add: { completed: 1, revenue: 4999 },
          set: { updatedAt: '2026-12-04T16:20:04.310Z' },
        },
      ]);
      expect(inputsOf(UpdateCommand)).toStrictEqual([
        {
          TableName,
          Key: { pk: 'STATS#courses', sk: 'COUNTER' },
          UpdateExpression: 'SET #s0 = :s0 ADD #a0 :a0, #a1 :a1',
          ExpressionAttributeNames: { '#s0': 'updatedAt', '#a0': 'completed', '#a1': 'revenue' },
          ExpressionAttributeValues: { ':s0': '2026-12-04T16:20:04.310Z', ':a0': 1, ':a1': 4999 },
        },
      ]);
    });

    it('deletes by key, with a condition if given', async () => {
      ddb.on(DeleteCommand).resolves({});
      await store.transact([{ kind: 'delete', key, condition: { kind: 'exists' } }]);
      expect(inputsOf(DeleteCommand)).toStrictEqual([
        {
          TableName,
          Key: key,
          ConditionExpression: 'attribute_exists(#pk)',
          ExpressionAttributeNames: { '#pk': 'pk' },
        },
      ]);
    });

    it('maps ConditionalCheckFailedException to ConditionFailedError naming the item', async () => {
      const cause = new ConditionalCheckFailedException({
        message: 'The conditional request failed',
        $metadata: {},
      });
      ddb.on(PutCommand).rejects(cause);
      const error = await store
        .transact([{ kind: 'put', item: key, condition: { kind: 'notExists' } }])
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConditionFailedError);
      expect((error as Error).message).toBe('condition failed for pk=USER#u-1 sk=PROFILE');
      expect((error as Error).cause).toBe(cause);
    });

    it('passes other errors through', async () => {
      ddb.on(DeleteCommand).rejects(new Error('ProvisionedThroughputExceededException'));
      await expect(store.transact([{ kind: 'delete', key }])).rejects.toThrow(
        'ProvisionedThroughputExceededException',
      );
    });
  });

  describe('several writes (one TransactWriteItems)', () => {
    const enrolment = { pk: 'USER#u-1', sk: 'ENROLMENT#c-1' };

    it('sends every write as one transaction', async () => {
      ddb.on(TransactWriteCommand).resolves({});
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
      expect(inputsOf(TransactWriteCommand)).toStrictEqual([
        {
          TransactItems: [
            {
              Put: {
                TableName,
                Item: { ...enrolment, progress: 0 },
                ConditionExpression: 'attribute_not_exists(#pk)',
                ExpressionAttributeNames: { '#pk': 'pk' },
              },
            },
            {
              Update: {
                TableName,
                Key: { pk: 'STATS#courses', sk: 'COUNTER' },
                UpdateExpression: 'ADD #a0 :a0',
                ExpressionAttributeNames: { '#a0': 'enrolments' },
                ExpressionAttributeValues: { ':a0': 1 },
              },
            },
            {
              Update: {
                TableName,
                Key: key,
                UpdateExpression: 'SET #s0 = :s0',
                ConditionExpression: '#c0 = :c0',
                ExpressionAttributeNames: { '#s0': 'status', '#c0': 'v' },
                ExpressionAttributeValues: { ':s0': 'active', ':c0': 3 },
              },
            },
            { Delete: { TableName, Key: { pk: 'USER#u-1', sk: 'CART#c-1' } } },
          ],
        },
      ]);
      expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
    });

    it('maps a cancellation for ConditionalCheckFailed to ConditionFailedError naming the failing items', async () => {
      const cause = new TransactionCanceledException({
        message:
          'Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]',
        $metadata: {},
        CancellationReasons: [
          { Code: 'None' },
          { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' },
        ],
      });
      ddb.on(TransactWriteCommand).rejects(cause);
      const error = await store
        .transact([
          { kind: 'put', item: enrolment },
          { kind: 'put', item: key, condition: { kind: 'notExists' } },
        ])
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConditionFailedError);
      expect((error as Error).message).toBe('condition failed for pk=USER#u-1 sk=PROFILE');
      expect((error as Error).cause).toBe(cause);
    });

    it('passes a cancellation for other reasons (a conflict) through, to be retried', async () => {
      const cause = new TransactionCanceledException({
        message:
          'Transaction cancelled, please refer cancellation reasons for specific reasons [TransactionConflict, None]',
        $metadata: {},
        CancellationReasons: [{ Code: 'TransactionConflict' }, { Code: 'None' }],
      });
      ddb.on(TransactWriteCommand).rejects(cause);
      await expect(
        store.transact([
          { kind: 'put', item: enrolment },
          { kind: 'put', item: key },
        ]),
      ).rejects.toBe(cause);
    });
  });

  it('refuses invalid transactions before calling DynamoDB, and sends nothing for none', async () => {
    await expect(
      store.transact([
        { kind: 'put', item: key },
        { kind: 'delete', key },
      ]),
    ).rejects.toBeInstanceOf(InvalidWriteError);
    await store.transact([]);
    expect(ddb.calls()).toHaveLength(0);
  });
});
