import { createHash } from 'node:crypto';
import { EventBridgeSchema } from '@aws-lambda-powertools/parser/schemas/eventbridge';
import { SqsRecordSchema } from '@aws-lambda-powertools/parser/schemas/sqs';
import { createEvent, EventType, parseEvent } from '@sfe/events';
import { describe, expect, it } from 'vitest';
import { toEventBridgeEvent, toSqsRecord } from '.';

const event = createEvent(
  EventType.UserSignedUp,
  { userId: 'u-1', email: 'ada@example.com', name: 'Ada', signedUpAt: '2026-11-23T09:00:00.000Z' },
  { source: 'sfe-test', created: '2026-11-23T09:00:01.250Z' },
);

describe('test fixtures', () => {
  it('builds an EventBridge event that Powertools accepts and parseEvent reads back', () => {
    const envelope = toEventBridgeEvent(event, { id: 'eb-1' });
    expect(EventBridgeSchema.safeParse(envelope).success).toBe(true);
    expect(envelope).toStrictEqual({
      version: '0',
      id: 'eb-1',
      'detail-type': 'UserSignedUp',
      source: 'sfe-test',
      account: '123456789012',
      time: '2026-11-23T09:00:01Z',
      region: 'eu-west-1',
      resources: [],
      detail: { metadata: event.metadata, data: event.data },
    });
    expect(parseEvent(envelope)).toStrictEqual(event);
  });

  it('builds an SQS record that Powertools accepts, with the body MD5 SQS computes', () => {
    const record = toSqsRecord(toEventBridgeEvent(event), { messageId: 'm-1', receiveCount: 3 });
    expect(SqsRecordSchema.safeParse(record).success).toBe(true);
    expect(record.md5OfBody).toBe(createHash('md5').update(record.body).digest('hex'));
    expect(record.attributes.ApproximateReceiveCount).toBe('3');
    expect(parseEvent(record.body)).toStrictEqual(event);
  });
});
