import { createAwsJsonClient, SQS } from '@sfe/aws-fetch';
import { awsJsonAnswer, recordingFetch } from '@sfe/aws-fetch/testing';
import { describe, expect, it } from 'vitest';
import { fixtureRecord } from '../../test/support';
import { createAwsDeadLetterSink } from './aws-dead-letter-sink';

const QUEUE_URL = 'https://sqs.eu-west-1.amazonaws.com/123456789012/sfe-dev-stream-processor-malformed';
// SQS's SendMessage answer (JSON protocol), as on the wire.
const SENT = awsJsonAnswer(200, {
  MD5OfMessageBody: '51b0a325a1d4a2c2e8b1a7d2c1e0f9a3',
  MessageId: '5fea7756-0ea4-451a-a703-a558b933e274',
});

/** An SQS client whose requests get `answers`, in order, and what it sent. */
function sqsAnswering(...answers: (() => Response)[]) {
  const { fetch, sent } = recordingFetch(answers);
  const client = createAwsJsonClient(SQS, {
    region: 'eu-west-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    endpoint: 'https://sqs.eu-west-1.amazonaws.com',
    fetch,
    retry: { maxAttempts: 1 },
  });
  const input = (n = 0) => JSON.parse(sent[n]?.body ?? '{}') as { QueueUrl?: string; MessageBody?: string };
  return { client, sent, input };
}

describe('createAwsDeadLetterSink', () => {
  it('sends the record and the reason as one self-contained message', async () => {
    const sqs = sqsAnswering(SENT);
    const record = fixtureRecord('malformed-invalid-item');
    await createAwsDeadLetterSink(sqs.client, QUEUE_URL).send({ reason: 'bad email', record });
    expect(sqs.sent).toHaveLength(1);
    expect(sqs.sent[0]?.headers['x-amz-target']).toBe('AmazonSQS.SendMessage');
    expect(sqs.input().QueueUrl).toBe(QUEUE_URL);
    expect(JSON.parse(sqs.input().MessageBody ?? '')).toStrictEqual({
      kind: 'malformed-stream-record',
      reason: 'bad email',
      eventID: record.eventID,
      sequenceNumber: record.dynamodb?.SequenceNumber,
      eventSourceARN: record.eventSourceARN,
      imagesOmitted: false,
      record,
    });
  });

  it('drops the images, keeping keys and reason, when the record would not fit in a message', async () => {
    const sqs = sqsAnswering(SENT);
    const record = fixtureRecord('malformed-invalid-item');
    await createAwsDeadLetterSink(sqs.client, QUEUE_URL, 800).send({ reason: 'r', record });
    const body = JSON.parse(sqs.input().MessageBody ?? '');
    expect(body.imagesOmitted).toBe(true);
    expect(body.record.dynamodb).toStrictEqual({
      ApproximateCreationDateTime: record.dynamodb?.ApproximateCreationDateTime,
      Keys: record.dynamodb?.Keys,
      SequenceNumber: record.dynamodb?.SequenceNumber,
      SizeBytes: record.dynamodb?.SizeBytes,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    });
  });

  it('throws when SQS refuses, so the record fails instead of being lost', async () => {
    const sqs = sqsAnswering(
      awsJsonAnswer(400, {
        __type: 'com.amazon.coral.service#AccessDeniedException',
        Message:
          'User: arn:aws:sts::123456789012:assumed-role/x is not authorized to perform: sqs:sendmessage',
      }),
    );
    const sink = createAwsDeadLetterSink(sqs.client, QUEUE_URL);
    await expect(sink.send({ reason: 'r', record: fixtureRecord('malformed-invalid-item') })).rejects.toThrow(
      /^AccessDeniedException \(HTTP 400\): User: .* is not authorized to perform: sqs:sendmessage$/,
    );
  });
});
