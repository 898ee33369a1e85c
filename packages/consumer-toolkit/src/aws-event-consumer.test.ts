import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createAwsEventConsumer } from './aws-event-consumer';
import { CapturingLogger, createTestLambdaContext, toSqsEvent, toSqsRecord } from './testing';

// The part of S3's "Object Created" event (EventBridge notifications) this test consumer needs.
const ObjectCreatedSchema = z.object({
  source: z.literal('aws.s3'),
  'detail-type': z.literal('Object Created'),
  detail: z.object({ bucket: z.object({ name: z.string() }), object: z.object({ key: z.string() }) }),
});

const objectCreated = (key: string) => ({
  version: '0',
  id: '17793124-05d4-b198-2fde-7ededc63b103',
  'detail-type': 'Object Created',
  source: 'aws.s3',
  account: '123456789012',
  time: '2026-11-23T10:00:00Z',
  region: 'eu-west-1',
  resources: ['arn:aws:s3:::uploads'],
  detail: { version: '0', bucket: { name: 'uploads' }, object: { key, size: 5 }, reason: 'PutObject' },
});

function createHarness() {
  const logger = new CapturingLogger({ serviceName: 'test-pipeline' });
  const handled: string[] = [];
  const handler = createAwsEventConsumer({
    serviceName: 'test-pipeline',
    eventName: 'S3 Object Created',
    schema: ObjectCreatedSchema,
    logger,
    async handle(event) {
      if (event.detail.object.key === 'boom') throw new Error('transcriber unavailable');
      handled.push(event.detail.object.key);
      return { key: event.detail.object.key };
    },
  });
  return { logger, handled, handler };
}

const lambdaContext = createTestLambdaContext({ functionName: 'test-pipeline' });

describe('createAwsEventConsumer', () => {
  it('hands valid events to handle and logs what it returned with the delivery', async () => {
    const { logger, handled, handler } = createHarness();
    const response = await handler(
      toSqsEvent([toSqsRecord(objectCreated('a.mp4'), { messageId: 'm-1', receiveCount: 2 })]),
      lambdaContext,
    );
    expect(response).toStrictEqual({ batchItemFailures: [] });
    expect(handled).toStrictEqual(['a.mp4']);
    expect(
      logger.lines.map(({ level, message, messageId, receiveCount, key, service }) => ({
        level,
        message,
        messageId,
        receiveCount,
        key,
        service,
      })),
    ).toStrictEqual([
      {
        level: 'INFO',
        message: 'S3 Object Created handled',
        messageId: 'm-1',
        receiveCount: 2,
        key: 'a.mp4',
        service: 'test-pipeline',
      },
    ]);
  });

  it('fails only the non-JSON, malformed, misrouted and throwing records, logging each once with its reason', async () => {
    const { logger, handled, handler } = createHarness();
    const noKey = objectCreated('x');
    delete (noKey.detail.object as { key?: string }).key;
    const response = await handler(
      toSqsEvent([
        toSqsRecord('{"not json', { messageId: 'not-json' }),
        toSqsRecord(noKey, { messageId: 'malformed', receiveCount: 3 }),
        toSqsRecord(
          { source: 'aws.transcribe', 'detail-type': 'Transcribe Job State Change' },
          {
            messageId: 'misrouted',
          },
        ),
        toSqsRecord(objectCreated('boom'), { messageId: 'throws' }),
        toSqsRecord(objectCreated('good.mp4'), { messageId: 'good' }),
      ]),
      lambdaContext,
    );
    expect(response).toStrictEqual({
      batchItemFailures: [
        { itemIdentifier: 'not-json' },
        { itemIdentifier: 'malformed' },
        { itemIdentifier: 'misrouted' },
        { itemIdentifier: 'throws' },
      ],
    });
    expect(handled).toStrictEqual(['good.mp4']);
    const errors = logger.lines.filter((line) => line.level === 'ERROR');
    expect(
      errors.map(({ message, messageId, receiveCount, reason }) => ({
        message,
        messageId,
        receiveCount,
        reason,
      })),
    ).toStrictEqual([
      {
        message: 'Record failed: it returns to the queue and reaches the DLQ after maxReceiveCount',
        messageId: 'not-json',
        receiveCount: 1,
        reason: 'AwsEventValidationError: message not-json is not JSON, so not an S3 Object Created event',
      },
      {
        message: 'Record failed: it returns to the queue and reaches the DLQ after maxReceiveCount',
        messageId: 'malformed',
        receiveCount: 3,
        reason:
          'AwsEventValidationError: message malformed is not a valid S3 Object Created event (source "aws.s3", detail-type "Object Created"): detail.object.key: Invalid input: expected string, received undefined',
      },
      {
        message: 'Record failed: it returns to the queue and reaches the DLQ after maxReceiveCount',
        messageId: 'misrouted',
        receiveCount: 1,
        reason: expect.stringMatching(
          /^AwsEventValidationError: message misrouted is not a valid S3 Object Created event \(source "aws.transcribe", detail-type "Transcribe Job State Change"\): source: /,
        ),
      },
      {
        message: 'Record failed: it returns to the queue and reaches the DLQ after maxReceiveCount',
        messageId: 'throws',
        receiveCount: 1,
        reason: 'Error: transcriber unavailable',
      },
    ]);
  });

  it('reports every record when the whole batch fails, so SQS retries exactly those', async () => {
    const { handler } = createHarness();
    const response = await handler(
      toSqsEvent([toSqsRecord('nope', { messageId: 'a' }), toSqsRecord('[]', { messageId: 'b' })]),
      lambdaContext,
    );
    expect(response).toStrictEqual({ batchItemFailures: [{ itemIdentifier: 'a' }, { itemIdentifier: 'b' }] });
  });
});
