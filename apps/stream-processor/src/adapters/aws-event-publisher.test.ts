import { createAwsJsonClient, EVENTBRIDGE } from '@sfe/aws-fetch';
import { awsJsonAnswer, recordingFetch } from '@sfe/aws-fetch/testing';
import type { PutEventsEntry } from '@sfe/events';
import { describe, expect, it } from 'vitest';
import { createAwsEventPublisher } from './aws-event-publisher';

/** The publisher on a client whose requests get `answers` (EventBridge's wire responses), in order. */
function publisherAnswering(...answers: (() => Response)[]) {
  const { fetch, sent } = recordingFetch(answers);
  const client = createAwsJsonClient(EVENTBRIDGE, {
    region: 'eu-west-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    endpoint: 'https://events.eu-west-1.amazonaws.com',
    fetch,
    retry: { maxAttempts: 1 },
  });
  return { publisher: createAwsEventPublisher(client), sent };
}

const entries: PutEventsEntry[] = [
  {
    EventBusName: 'sfe-dev-bus',
    Source: 'sfe-stream-processor',
    DetailType: 'UserSignedUp',
    Detail: '{"a":1}',
  },
  {
    EventBusName: 'sfe-dev-bus',
    Source: 'sfe-stream-processor',
    DetailType: 'CourseRegistered',
    Detail: '{"b":2}',
  },
  {
    EventBusName: 'sfe-dev-bus',
    Source: 'sfe-stream-processor',
    DetailType: 'VideoPublished',
    Detail: '{"c":3}',
    Resources: ['arn:aws:s3:::videos'],
  },
];

describe('createAwsEventPublisher', () => {
  it('sends one PutEvents request with the entries as given', async () => {
    const { publisher, sent } = publisherAnswering(
      awsJsonAnswer(200, {
        FailedEntryCount: 0,
        Entries: [{ EventId: 'e1' }, { EventId: 'e2' }, { EventId: 'e3' }],
      }),
    );
    const result = await publisher.putEvents(entries);
    expect(result).toStrictEqual({ failed: [] });
    expect(sent).toHaveLength(1);
    expect(sent[0]?.headers['x-amz-target']).toBe('AWSEvents.PutEvents');
    expect(JSON.parse(sent[0]?.body ?? '')).toStrictEqual({ Entries: entries });
  });

  it('maps FailedEntryCount and per-entry ErrorCode/ErrorMessage to failed indexes', async () => {
    const { publisher } = publisherAnswering(
      awsJsonAnswer(200, {
        FailedEntryCount: 2,
        Entries: [
          { ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' },
          { EventId: 'e2' },
          { ErrorCode: 'InternalFailure', ErrorMessage: 'Internal error' },
        ],
      }),
    );
    const result = await publisher.putEvents(entries);
    expect(result).toStrictEqual({
      failed: [
        { index: 0, errorCode: 'ThrottlingException', errorMessage: 'Rate exceeded' },
        { index: 2, errorCode: 'InternalFailure', errorMessage: 'Internal error' },
      ],
    });
  });

  it('fails every entry when a failure count comes without per-entry results', async () => {
    const { publisher } = publisherAnswering(awsJsonAnswer(200, { FailedEntryCount: 1, Entries: [] }));
    const result = await publisher.putEvents(entries.slice(0, 2));
    expect(result.failed.map((f) => [f.index, f.errorCode])).toStrictEqual([
      [0, 'Unknown'],
      [1, 'Unknown'],
    ]);
  });

  it('lets a failed request throw, so the caller retries all of its entries', async () => {
    const { publisher } = publisherAnswering(
      awsJsonAnswer(400, { __type: 'ThrottlingException', message: 'Rate exceeded' }),
    );
    await expect(publisher.putEvents(entries)).rejects.toThrow(
      'AWSEvents.PutEvents failed after 1 attempts: ThrottlingException: ThrottlingException (HTTP 400): Rate exceeded',
    );
  });
});
