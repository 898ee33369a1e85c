import type { SQSRecord } from 'aws-lambda';
import { arns, LOCAL_ACCOUNT, LOCAL_REGION } from '../aws-identity';
import type { ReceivedMessage } from './queue-store';

// EventBridge delivers to SQS as this principal; its id appears as SenderId on every message.
const EVENTBRIDGE_SENDER_ID = `AIDAIEVENTBRIDGE${LOCAL_ACCOUNT.slice(0, 4)}`;

/** A received message as Lambda's SQS event source hands it to a function. */
export function toSqsRecord(message: ReceivedMessage): SQSRecord {
  return {
    messageId: message.id,
    receiptHandle: message.receiptHandle,
    body: message.body,
    attributes: {
      ApproximateReceiveCount: String(message.receiveCount),
      SentTimestamp: String(message.sentAt),
      SenderId: EVENTBRIDGE_SENDER_ID,
      ApproximateFirstReceiveTimestamp: String(message.firstReceivedAt),
    },
    messageAttributes: {},
    md5OfBody: message.md5OfBody,
    eventSource: 'aws:sqs',
    eventSourceARN: arns.queue(message.queue),
    awsRegion: LOCAL_REGION,
  };
}
