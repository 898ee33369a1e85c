import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { MemoryTableStore } from '@sfe/records';
import { createDynamoTableStore } from '@sfe/records/aws';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import type { Suppression } from '../domain/suppression';
import { createTableSuppressionList } from './suppression-list';

const bounce: Suppression = {
  address: 'Grace.Hopper@example.com',
  reason: 'bounce',
  feedbackId: '0102019a5c44f053-61b59c11-9236-11e6-8f96-7be8aexample-000000',
  messageId: '0102019a5c44e8a1-e9aedb9a-02f9-4d12-a87d-dd0099a07f8a-000000',
  suppressedAt: '2026-11-23T10:01:04.669Z',
};
const stored = {
  pk: 'ADDRESS#grace.hopper@example.com',
  sk: 'SUPPRESSION',
  ...bounce,
  address: 'grace.hopper@example.com',
};

describe('createTableSuppressionList on DynamoDB', () => {
  const documents = mockClient(DynamoDBDocumentClient);
  afterEach(() => documents.reset());
  const list = () =>
    createTableSuppressionList(
      createDynamoTableStore({
        client: DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-2' })),
        tableName: 'sfe-prod-email-service-suppressions',
      }),
    );

  it('records a suppression with one conditional PutItem keyed by the normalised address', async () => {
    documents.on(PutCommand).resolves({ $metadata: { httpStatusCode: 200 } });
    expect(await list().suppress(bounce)).toBe('suppressed');
    expect(documents.commandCalls(PutCommand).map((call) => call.args[0].input)).toStrictEqual([
      {
        TableName: 'sfe-prod-email-service-suppressions',
        Item: stored,
        ConditionExpression: 'attribute_not_exists(#pk)',
        ExpressionAttributeNames: { '#pk': 'pk' },
      },
    ]);
  });

  it('answers already-suppressed when DynamoDB refuses the condition (a redelivered event)', async () => {
    documents.on(PutCommand).rejects(
      new ConditionalCheckFailedException({
        message: 'The conditional request failed',
        $metadata: { httpStatusCode: 400 },
      }),
    );
    expect(await list().suppress(bounce)).toBe('already-suppressed');
  });

  it('lets any other DynamoDB error propagate, so the record is retried', async () => {
    documents.on(PutCommand).rejects(new Error('ProvisionedThroughputExceededException'));
    await expect(list().suppress(bounce)).rejects.toThrow('ProvisionedThroughputExceededException');
  });

  it('finds an address by its normalised key with a consistent GetItem', async () => {
    documents
      .on(GetCommand, { Key: { pk: 'ADDRESS#grace.hopper@example.com', sk: 'SUPPRESSION' } })
      .resolves({ Item: stored });
    documents.on(GetCommand, { Key: { pk: 'ADDRESS#ada@example.com', sk: 'SUPPRESSION' } }).resolves({});
    expect(await list().find(' GRACE.hopper@example.com')).toStrictEqual({
      address: 'grace.hopper@example.com',
      reason: 'bounce',
      feedbackId: bounce.feedbackId,
      messageId: bounce.messageId,
      suppressedAt: bounce.suppressedAt,
    });
    expect(await list().find('ada@example.com')).toBeUndefined();
    expect(documents.commandCalls(GetCommand)[0]?.args[0].input).toStrictEqual({
      TableName: 'sfe-prod-email-service-suppressions',
      Key: { pk: 'ADDRESS#grace.hopper@example.com', sk: 'SUPPRESSION' },
      ConsistentRead: true,
    });
  });

  it('refuses a stored item that is not a suppression rather than mailing the address', async () => {
    documents.on(GetCommand).resolves({ Item: { ...stored, reason: 'unsubscribed' } });
    await expect(list().find('grace.hopper@example.com')).rejects.toThrow(/reason/);
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
