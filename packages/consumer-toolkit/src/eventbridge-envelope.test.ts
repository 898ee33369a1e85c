import { ParsingError } from '@aws-lambda-powertools/batch';
import { EventBridgeSchema } from '@aws-lambda-powertools/parser/schemas/eventbridge';
import { createEvent, EventType } from '@sfe/events';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { EventBridgeEnvelopeSchema, parseEventBridgeBody, readJsonBody } from './eventbridge-envelope';
import { toEventBridgeEvent } from './testing';

const event = toEventBridgeEvent(
  createEvent(
    EventType.UserSignedUp,
    { userId: 'u-1', email: 'ada@example.com', name: 'Ada', signedUpAt: '2026-11-23T09:00:00.000Z' },
    { source: 'sfe-test' },
  ),
  { id: 'eb-1' },
);

/** An AWS service event as EventBridge delivers it (S3 User Guide), replayed from an archive. */
const awsEvent = {
  version: '0',
  id: '17793124-05d4-b198-2fde-7ededc63b103',
  'detail-type': 'Object Created',
  source: 'aws.s3',
  account: '111122223333',
  time: '2021-11-12T00:00:00Z',
  region: 'ca-central-1',
  resources: ['arn:aws:s3:::example-bucket'],
  detail: { version: '0', bucket: { name: 'example-bucket' }, object: { key: 'example-key', size: 5 } },
  'replay-name': 'replay-1',
};

const issuesOf = (result: { error?: { issues: readonly z.core.$ZodIssue[] } }) =>
  result.error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);

describe("EventBridgeEnvelopeSchema (zod/mini) against Powertools parser's EventBridgeSchema (zod classic)", () => {
  it.each([
    ['one of our events', event],
    ['an AWS service event, replayed', awsEvent],
  ])('reads %s the same', (_, value) => {
    expect(z.parse(EventBridgeEnvelopeSchema, value)).toStrictEqual(EventBridgeSchema.parse(value));
  });

  it.each([
    ['no detail-type', { ...event, 'detail-type': undefined }],
    ['a time without its zone', { ...event, time: '2026-11-23 09:00' }],
    ['resources that are not a list', { ...awsEvent, resources: 'arn:aws:s3:::example-bucket' }],
    ['not an object', 'hello'],
  ])('refuses %s with the same issues', (_, value) => {
    const ours = issuesOf(z.safeParse(EventBridgeEnvelopeSchema, value));
    expect(ours?.length).toBeGreaterThan(0);
    expect(ours).toStrictEqual(issuesOf(EventBridgeSchema.safeParse(value)));
  });
});

describe('parseEventBridgeBody', () => {
  it('reads the EventBridge event in an SQS body', () => {
    expect(parseEventBridgeBody(JSON.stringify(event))).toStrictEqual(event);
  });

  it("fails a body that is not JSON with Powertools' ParsingError, saying so", () => {
    expect(() => parseEventBridgeBody('{"truncated": ')).toThrow(ParsingError);
    expect(() => parseEventBridgeBody('{"truncated": ')).toThrow(/^body: Invalid JSON - /);
  });

  it('reads a body whose JSON was read already (readJsonBody) the same way', () => {
    expect(parseEventBridgeBody(readJsonBody(JSON.stringify(event)))).toStrictEqual(event);
    const truncated = readJsonBody('{"truncated": ');
    expect(() => parseEventBridgeBody(truncated)).toThrow(ParsingError);
    expect(() => parseEventBridgeBody(truncated)).toThrow(/^body: Invalid JSON - /);
  });

  it('names every wrong field of the envelope, under body', () => {
    const { 'detail-type': _, ...withoutDetailType } = event;
    expect(() => parseEventBridgeBody(JSON.stringify({ ...withoutDetailType, account: 7 }))).toThrow(
      'body.account: Invalid input: expected string, received number; ' +
        'body.detail-type: Invalid input: expected string, received undefined',
    );
  });
});
