import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { PutEventsEntry } from '@sfe/events';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createAwsEventPublisher } from './aws-event-publisher';

const eventBridge = mockClient(EventBridgeClient);

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
  beforeEach(() => eventBridge.reset());

  it('sends one PutEvents request with the entries as given', async () => {
    eventBridge.on(PutEventsCommand).resolves({
      FailedEntryCount: 0,
      Entries: [{ EventId: 'e1' }, { EventId: 'e2' }, { EventId: 'e3' }],
    });
    const result = await createAwsEventPublisher(new EventBridgeClient({ region: 'eu-west-1' })).putEvents(
      entries,
    );
    expect(result).toStrictEqual({ failed: [] });
    const calls = eventBridge.commandCalls(PutEventsCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input).toStrictEqual({ Entries: entries });
  });

  it('maps FailedEntryCount and per-entry ErrorCode/ErrorMessage to failed indexes', async () => {
    eventBridge.on(PutEventsCommand).resolves({
      FailedEntryCount: 2,
      Entries: [
        { ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' },
        { EventId: 'e2' },
        { ErrorCode: 'InternalFailure', ErrorMessage: 'Internal error' },
      ],
    });
    const result = await createAwsEventPublisher(new EventBridgeClient({ region: 'eu-west-1' })).putEvents(
      entries,
    );
    expect(result).toStrictEqual({
      failed: [
        { index: 0, errorCode: 'ThrottlingException', errorMessage: 'Rate exceeded' },
        { index: 2, errorCode: 'InternalFailure', errorMessage: 'Internal error' },
      ],
    });
  });

  it('fails every entry when a failure count comes without per-entry results', async () => {
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 1, Entries: [] });
    const result = await createAwsEventPublisher(new EventBridgeClient({ region: 'eu-west-1' })).putEvents(
      entries.slice(0, 2),
    );
    expect(result.failed.map((f) => [f.index, f.errorCode])).toStrictEqual([
      [0, 'Unknown'],
      [1, 'Unknown'],
    ]);
  });

  it('lets a failed request throw, so the caller retries all of its entries', async () => {
    eventBridge
      .on(PutEventsCommand)
      .rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    await expect(
      createAwsEventPublisher(new EventBridgeClient({ region: 'eu-west-1', maxAttempts: 1 })).putEvents(
        entries,
      ),
    ).rejects.toThrow('Rate exceeded');
  });
});
