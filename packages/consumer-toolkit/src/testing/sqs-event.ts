import { createHash, randomUUID } from 'node:crypto';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { TEST_ACCOUNT, TEST_REGION } from './eventbridge-event';

export interface SqsRecordOptions {
  readonly messageId?: string;
  readonly receiveCount?: number;
  readonly queueName?: string;
  readonly sentAt?: Date;
}

/**
 * One SQS record exactly as Lambda's event source mapping delivers it, carrying `body` (an object is
 * JSON-encoded, as an EventBridge → SQS target does; a string is sent as is, e.g. a malformed body).
 */
export function toSqsRecord(body: unknown, options: SqsRecordOptions = {}): SQSRecord {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const sentAt = (options.sentAt ?? new Date()).getTime();
  const queueName = options.queueName ?? 'test-queue';
  return {
    messageId: options.messageId ?? randomUUID(),
    receiptHandle: `AQEB${Buffer.from(randomUUID()).toString('base64')}`,
    body: text,
    attributes: {
      ApproximateReceiveCount: String(options.receiveCount ?? 1),
      SentTimestamp: String(sentAt),
      // EventBridge delivers as its service principal's assumed role.
      SenderId: 'AIDAIENQZJOLO23YVJ4VO',
      ApproximateFirstReceiveTimestamp: String(sentAt + 12),
    },
    messageAttributes: {},
    md5OfBody: createHash('md5').update(text, 'utf8').digest('hex'),
    eventSource: 'aws:sqs',
    eventSourceARN: `arn:aws:sqs:${TEST_REGION}:${TEST_ACCOUNT}:${queueName}`,
    awsRegion: TEST_REGION,
  };
}

/** An SQS event (a batch) from records, e.g. `toSqsEvent([toSqsRecord(a), toSqsRecord('not json')])`. */
export function toSqsEvent(records: readonly SQSRecord[]): SQSEvent {
  return { Records: [...records] };
}
