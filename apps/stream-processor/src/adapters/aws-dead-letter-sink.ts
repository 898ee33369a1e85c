import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { type DeadLetterSink, toDeadLetterMessage } from './dead-letter-sink';

/** SQS's largest message body (1 MiB since August 2025). */
export const SQS_MAX_MESSAGE_BYTES = 1_048_576;

/** Sends each dead letter as one SQS message: `{ kind, reason, eventID, sequenceNumber, record, ... }`. */
export function createAwsDeadLetterSink(
  client: SQSClient,
  queueUrl: string,
  maxMessageBytes = SQS_MAX_MESSAGE_BYTES,
): DeadLetterSink {
  return {
    async send(letter) {
      await client.send(
        new SendMessageCommand({
          QueueUrl: queueUrl,
          MessageBody: toDeadLetterMessage(letter, maxMessageBytes),
        }),
      );
    },
  };
}
