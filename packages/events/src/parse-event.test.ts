import { describe, expect, expectTypeOf, it } from 'vitest';
import type { CourseCompletedData, CourseCompletedV1Data } from './course/course-completed';
import { ClaimCheckError, EventValidationError } from './errors';
import { loadFixture } from './fixtures';
import { parseEvent } from './parse-event';
import { type DomainEvent, isEvent, upgradeEvent } from './registry';
import { validationErrorOf } from './test-support';
import type { UserSignedUpData } from './user/user-signed-up';

const delivered = loadFixture('CourseCompleted');

/** An SQS record as the Lambda event source mapping delivers it, holding an EventBridge event in its body. */
function sqsRecord(body: string) {
  return {
    messageId: '059f36b4-87a3-44ab-83d2-661975830a7d',
    receiptHandle: 'AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a...',
    body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '1764835205000',
      SenderId: 'AIDAIENQZJOLO23YVJ4VO',
      ApproximateFirstReceiveTimestamp: '1764835205012',
    },
    messageAttributes: {},
    md5OfBody: 'e4e68fb7bd0e697a0ae8f1bb342846b3',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:eu-west-2:111122223333:certificate-service-course-completed',
    awsRegion: 'eu-west-2',
  };
}

describe('parseEvent', () => {
  describe('accepts every form an event arrives in', () => {
    it.each<[string, unknown]>([
      ['an EventBridge event', delivered],
      ['its detail alone', delivered.detail],
      ['an SQS body holding the EventBridge event', JSON.stringify(delivered)],
      ['an SQS body holding the detail', JSON.stringify(delivered.detail)],
      ['a JSON-encoded SQS body (as copied from a console)', JSON.stringify(JSON.stringify(delivered))],
      ['a whole SQS record', sqsRecord(JSON.stringify(delivered))],
    ])('%s', (_, input) => {
      expect(parseEvent(input)).toStrictEqual(delivered.detail);
    });
  });

  it('returns a union that isEvent narrows by type and version', () => {
    const event: DomainEvent = parseEvent(JSON.stringify(delivered));
    expect(isEvent(event, 'CourseCompleted')).toBe(true);
    expect(isEvent(event, 'CourseCompleted', 2)).toBe(true);
    expect(isEvent(event, 'CourseCompleted', 1)).toBe(false);
    expect(isEvent(event, 'UserSignedUp')).toBe(false);
    if (isEvent(event, 'CourseCompleted')) {
      expectTypeOf(event.data).toEqualTypeOf<CourseCompletedV1Data | CourseCompletedData>();
      expectTypeOf(upgradeEvent(event).data).toEqualTypeOf<CourseCompletedData>();
    }
    if (isEvent(event, 'CourseCompleted', 2)) expectTypeOf(event.data).toEqualTypeOf<CourseCompletedData>();
    if (isEvent(event, 'CourseCompleted', 1)) expectTypeOf(event.data).toEqualTypeOf<CourseCompletedV1Data>();
    if (isEvent(event, 'UserSignedUp')) expectTypeOf(event.data).toEqualTypeOf<UserSignedUpData>();
  });

  it('accepts CourseCompleted v1 and v2', () => {
    const v1 = loadFixture('CourseCompleted', 1);
    expect(parseEvent(v1)).toStrictEqual(v1.detail);
    expect(parseEvent(delivered).metadata.version).toBe(2);
  });

  it('rejects an unknown type, naming it', () => {
    const event = structuredClone(delivered) as {
      'detail-type': string;
      detail: { metadata: { type: string } };
    };
    event['detail-type'] = 'CourseCancelled';
    event.detail.metadata.type = 'CourseCancelled';
    const error = validationErrorOf(() => parseEvent(event));
    expect(error.message).toBe(
      'Invalid CourseCancelled v2 event: metadata.type: unknown event type "CourseCancelled"',
    );
    expect(error.eventType).toBe('CourseCancelled');
    expect(error.eventVersion).toBe(2);
  });

  it('rejects an unknown version, naming the versions it accepts', () => {
    const event = structuredClone(delivered) as { detail: { metadata: { version: number } } };
    event.detail.metadata.version = 3;
    expect(validationErrorOf(() => parseEvent(event)).message).toBe(
      'Invalid CourseCompleted v3 event: metadata.version: unsupported version 3 of CourseCompleted (accepted: 1, 2)',
    );
  });

  it('names the type, the version and every failing path at once', () => {
    const event = structuredClone(delivered) as {
      detail: { metadata: Record<string, unknown>; data: Record<string, unknown> };
    };
    event.detail.metadata.id = 'not-a-uuid';
    event.detail.metadata.source = 'certificate-service';
    event.detail.data.email = 'ada.lovelace';
    event.detail.data.completedAt = '04/12/2026';
    delete event.detail.data.courseTitle;
    const error = validationErrorOf(() => parseEvent(event));
    expect(error.message).toBe(
      'Invalid CourseCompleted v2 event: ' +
        'source: "sfe-stream-processor" does not match metadata.source "certificate-service"; ' +
        'metadata.id: Invalid UUID; ' +
        'metadata.source: source must start with "sfe-" (e.g. sfe-stream-processor); ' +
        'data.courseTitle: Invalid input: expected string, received undefined; ' +
        'data.email: Invalid email address; ' +
        'data.completedAt: Invalid ISO datetime',
    );
    expect(error).toBeInstanceOf(EventValidationError);
    expect(error.name).toBe('EventValidationError');
  });

  it('lists the envelope problems of an event whose type is unknown', () => {
    const error = validationErrorOf(() =>
      parseEvent({ metadata: { type: 'Nope', version: 1, id: 'x' }, data: { a: 1 } }),
    );
    expect(error.message).toBe(
      'Invalid Nope v1 event: metadata.type: unknown event type "Nope"; metadata.id: Invalid UUID; ' +
        'metadata.created: Invalid input: expected string, received undefined; ' +
        'metadata.correlationId: Invalid input: expected string, received undefined; ' +
        'metadata.domain: Invalid option: expected one of "user"|"course"|"certificate"|"video"|"supportTicket"; ' +
        'metadata.source: Invalid input: expected string, received undefined',
    );
  });

  it('rejects a detail-type that does not match metadata.type', () => {
    const event = { ...delivered, 'detail-type': 'UserSignedUp' };
    expect(validationErrorOf(() => parseEvent(event)).message).toBe(
      'Invalid CourseCompleted v2 event: detail-type: "UserSignedUp" does not match metadata.type "CourseCompleted"',
    );
  });

  it('rejects an EventBridge source that does not match metadata.source', () => {
    const event = { ...delivered, source: 'sfe-impostor' };
    expect(validationErrorOf(() => parseEvent(JSON.stringify(event))).message).toBe(
      'Invalid CourseCompleted v2 event: source: "sfe-impostor" does not match metadata.source "sfe-stream-processor"',
    );
  });

  it.each<[string, unknown, string]>([
    ['a body that is not JSON', '{"detail": ', 'Invalid unknown type v? event: (root): not JSON'],
    ['an array', [delivered], 'Invalid unknown type v? event: (root): expected an EventBridge event'],
    ['null', null, 'Invalid unknown type v? event: (root): expected an EventBridge event'],
    ['a number', 42, 'Invalid unknown type v? event: (root): expected an EventBridge event'],
  ])('rejects %s', (_, input, start) => {
    expect(validationErrorOf(() => parseEvent(input)).message.startsWith(start)).toBe(true);
  });

  it('rejects an EventBridge event whose detail is missing its metadata', () => {
    expect(validationErrorOf(() => parseEvent({ ...delivered, detail: { data: {} } })).message).toBe(
      'Invalid unknown type v? event: metadata: Invalid input: expected object, received undefined',
    );
  });

  it('rejects a claim-checked event without a fetcher, naming it', () => {
    const event = structuredClone(delivered) as { detail: { data: unknown } };
    event.detail.data = {
      claimCheck: { url: 'https://example.com/x.json', sha256: 'a'.repeat(64), bytes: 10 },
    };
    expect(() => parseEvent(event)).toThrow(
      new ClaimCheckError(
        'CourseCompleted v2 d4f6a8c0-2e4a-4c6e-8a0c-4e6a8c0e2a35 carries its data by claim check: parse it with a fetchClaimCheck option',
      ),
    );
  });

  it('with a fetcher, parses an inline event without fetching and rejects bad input asynchronously', async () => {
    const fetched: string[] = [];
    const fetchClaimCheck = async (url: string) => {
      fetched.push(url);
      return new Uint8Array();
    };
    await expect(parseEvent(delivered, { fetchClaimCheck })).resolves.toStrictEqual(delivered.detail);
    const invalid = parseEvent('not json', { fetchClaimCheck });
    await expect(invalid).rejects.toBeInstanceOf(EventValidationError);
    expect(fetched).toStrictEqual([]);
  });
});
