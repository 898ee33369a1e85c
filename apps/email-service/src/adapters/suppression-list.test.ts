import { DYNAMODB } from '@sfe/aws-fetch';
import { awsJsonAnswer, awsJsonAnswering } from '@sfe/aws-fetch/testing';
import { MemoryTableStore } from '@sfe/records';
import { createDynamoTableStore } from '@sfe/records/aws';
import { describe, expect, it } from 'vitest';
import type { Suppression } from '../domain/suppression';
import { createTableSuppressionList } from './suppression-list';

const bounce: Suppression = {
  address: 'Grace.Hopper@example.com',
  reason: 'bounce',
  feedbackId: '0102019a5c44f053-61b59c11-9236-11e6-8f96-7be8aexample-000000',
  messageId: '0102019a5c44e8a1-e9aedb9a-02f9-4d12-a87d-dd0099a07f8a-000000',
  suppressedAt: '2026-11-23T10:01:04.669Z',
};

describe('createTableSuppressionList on DynamoDB', () => {
  const TableName = 'sfe-prod-email-service-suppressions';
  const wireKey = { pk: { S: 'ADDRESS#grace.hopper@example.com' }, sk: { S: 'SUPPRESSION' } };
  const wireStored = {
    ...wireKey,
    address: { S: 'grace.hopper@example.com' },
    reason: { S: 'bounce' },
    feedbackId: { S: bounce.feedbackId },
    messageId: { S: bounce.messageId },
    suppressedAt: { S: bounce.suppressedAt },
  };
  /** The list on DynamoDB answering with `answers` (its wire responses), and what was sent. */
  const listAnswering = (...answers: (() => Response)[]) => {
    const { client, sent } = awsJsonAnswering(DYNAMODB, ...answers);
    const list = createTableSuppressionList(createDynamoTableStore({ client, tableName: TableName }));
    const calls = () =>
      sent.map((request) => [request.headers['x-amz-target'], JSON.parse(request.body) as unknown]);
    return { list, calls };
  };

  it('records a suppression with one conditional PutItem keyed by the normalised address', async () => {
    const { list, calls } = listAnswering(awsJsonAnswer(200, {}));
    expect(await list.suppress(bounce)).toBe('suppressed');
    expect(calls()).toStrictEqual([
      [
        'DynamoDB_20120810.PutItem',
        {
          TableName,
          Item: wireStored,
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': 'pk' },
        },
      ],
    ]);
  });

  it('answers already-suppressed when DynamoDB refuses the condition (a redelivered event)', async () => {
    const { list } = listAnswering(
      awsJsonAnswer(400, {
        __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException',
        message: 'The conditional request failed',
      }),
    );
    expect(await list.suppress(bounce)).toBe('already-suppressed');
  });

  it('lets any other DynamoDB error propagate, so the record is retried', async () => {
    const { list } = listAnswering(
      awsJsonAnswer(400, {
        __type: 'com.amazonaws.dynamodb.v20120810#ResourceNotFoundException',
        message: 'Requested resource not found',
      }),
    );
    await expect(list.suppress(bounce)).rejects.toThrow('ResourceNotFoundException');
  });

  it('finds an address by its normalised key with a consistent GetItem', async () => {
    const { list, calls } = listAnswering(awsJsonAnswer(200, { Item: wireStored }), awsJsonAnswer(200, {}));
    expect(await list.find(' GRACE.hopper@example.com')).toStrictEqual({
      address: 'grace.hopper@example.com',
      reason: 'bounce',
      feedbackId: bounce.feedbackId,
      messageId: bounce.messageId,
      suppressedAt: bounce.suppressedAt,
    });
    expect(await list.find('ada@example.com')).toBeUndefined();
    expect(calls()).toStrictEqual([
      ['DynamoDB_20120810.GetItem', { TableName, Key: wireKey, ConsistentRead: true }],
      [
        'DynamoDB_20120810.GetItem',
        {
          TableName,
          Key: { pk: { S: 'ADDRESS#ada@example.com' }, sk: { S: 'SUPPRESSION' } },
          ConsistentRead: true,
        },
      ],
    ]);
  });

  it('refuses a stored item that is not a suppression rather than mailing the address', async () => {
    const { list } = listAnswering(
      awsJsonAnswer(200, { Item: { ...wireStored, reason: { S: 'unsubscribed' } } }),
    );
    await expect(list.find('grace.hopper@example.com')).rejects.toThrow(/reason/);
  });
});

describe('createTableSuppressionList', () => {
  it('keeps the first suppression of an address: a complaint after a bounce changes nothing', async () => {
    const list = createTableSuppressionList(new MemoryTableStore());
    expect(await list.suppress(bounce)).toBe('suppressed');
    expect(await list.suppress({ ...bounce, address: 'grace.hopper@EXAMPLE.com', reason: 'complaint' })).toBe(
      'already-suppressed',
    );
    expect((await list.find('grace.hopper@example.com'))?.reason).toBe('bounce');
  });
});
