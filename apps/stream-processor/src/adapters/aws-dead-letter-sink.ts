import type { AwsJsonClient } from '@sfe/aws-fetch';
import { type DeadLetterSink, toDeadLetterMessage } from './dead-letter-sink';

/** SQS's largest message body (1 MiB since August 2025). */
export const SQS_MAX_MESSAGE_BYTES = 1_048_576;

/** Sends each dead letter as one SQS message (SendMessage without the SDK's client, `@sfe/aws-fetch`): `{ kind, reason, eventID, sequenceNumber, record, ... }`. */
export function createAwsDeadLetterSink(
  sqs: AwsJsonClient,
  queueUrl: string,
  maxMessageBytes = SQS_MAX_MESSAGE_BYTES,
): DeadLetterSink {
  return {
    async send(letter) {
      await sqs.call('SendMessage', {
        QueueUrl: queueUrl,
        MessageBody: toDeadLetterMessage(letter, maxMessageBytes),
      });
    },
  };
}
