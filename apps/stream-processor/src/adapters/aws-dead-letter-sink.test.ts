import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { fixtureRecord } from '../../test/support';
import { createAwsDeadLetterSink } from './aws-dead-letter-sink';

const sqs = mockClient(SQSClient);
const QUEUE_URL = 'https://sqs.eu-west-1.amazonaws.com/123456789012/sfe-dev-stream-processor-malformed';

describe('createAwsDeadLetterSink', () => {
  beforeEach(() => sqs.reset());

  it('sends the record and the reason as one self-contained message', async () => {
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm1' });
    const record = fixtureRecord('malformed-invalid-item');
    await createAwsDeadLetterSink(new SQSClient({ region: 'eu-west-1' }), QUEUE_URL).send({
      reason: 'bad email',
      record,
    });
    const input = sqs.commandCalls(SendMessageCommand)[0]?.args[0].input;
    expect(input?.QueueUrl).toBe(QUEUE_URL);
    expect(JSON.parse(input?.MessageBody ?? '')).toStrictEqual({
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
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm1' });
    const record = fixtureRecord('malformed-invalid-item');
    await createAwsDeadLetterSink(new SQSClient({ region: 'eu-west-1' }), QUEUE_URL, 800).send({
      reason: 'r',
      record,
    });
    const body = JSON.parse(sqs.commandCalls(SendMessageCommand)[0]?.args[0].input.MessageBody ?? '');
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
    sqs.on(SendMessageCommand).rejects(new Error('AccessDenied'));
    const sink = createAwsDeadLetterSink(new SQSClient({ region: 'eu-west-1', maxAttempts: 1 }), QUEUE_URL);
    await expect(sink.send({ reason: 'r', record: fixtureRecord('malformed-invalid-item') })).rejects.toThrow(
      'AccessDenied',
    );
  });
});
