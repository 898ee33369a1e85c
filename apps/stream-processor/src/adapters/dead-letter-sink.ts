import type { DynamoDBRecord } from 'aws-lambda';

/** A stream record that can never be processed, and why. */
export interface DeadLetter {
  readonly reason: string;
  readonly record: DynamoDBRecord;
}

/**
 * Where malformed records go. Lambda's own on-failure destination for a stream receives only pointers to a
 * failed batch (shard and sequence numbers, readable for 24 hours), never the record or the reason, so the
 * handler sends malformed records here itself and then treats them as handled: they never block the records
 * behind them. AWS: an SQS queue; locally: whatever the runtime supplies.
 */
export interface DeadLetterSink {
  send(letter: DeadLetter): Promise<void>;
}

/** The message body a dead letter becomes: self-contained, so it can be inspected and replayed. */
export interface DeadLetterMessage {
  readonly kind: 'malformed-stream-record';
  readonly reason: string;
  readonly eventID?: string;
  readonly sequenceNumber?: string;
  readonly eventSourceARN?: string;
  /** True when the images were dropped to fit the queue's message size limit (Keys are kept). */
  readonly imagesOmitted: boolean;
  readonly record: DynamoDBRecord;
}

/**
 * Serialises a dead letter, dropping the images (never the keys or the reason) when the whole record would not
 * fit in `maxBytes`: a DynamoDB item may be 400 KB, and a record carries two of them.
 */
export function toDeadLetterMessage(letter: DeadLetter, maxBytes: number): string {
  const { record } = letter;
  const message: DeadLetterMessage = {
    kind: 'malformed-stream-record',
    reason: letter.reason,
    eventID: record.eventID,
    sequenceNumber: record.dynamodb?.SequenceNumber,
    eventSourceARN: record.eventSourceARN,
    imagesOmitted: false,
    record,
  };
  const body = JSON.stringify(message);
  if (Buffer.byteLength(body, 'utf8') <= maxBytes) return body;
  const { NewImage: _new, OldImage: _old, ...stream } = record.dynamodb ?? {};
  return JSON.stringify({ ...message, imagesOmitted: true, record: { ...record, dynamodb: stream } });
}
