import { EventType, parseEvent } from '@sfe/events';
import { loadFixture } from '@sfe/events/fixtures';
import { describe, expect, it } from 'vitest';
import {
  buildTestEvent,
  buildTestEventVersion,
  certificateGenerated,
  courseCompletedV1,
  courseCompletedV2,
  coursePaymentComplete,
  TEST_EVENT_CONTEXT,
  userSignedUp,
  videoProcessingFailed,
} from './events';

describe('buildTestEvent', () => {
  it("takes the fixture's data, source and created, laying the given data and context over them", () => {
    const fixture = loadFixture(EventType.UserSignedUp).detail;
    const event = buildTestEvent(
      EventType.UserSignedUp,
      { name: 'Grace Hopper' },
      { id: '6bc2d1b4-c0e2-4fbb-9fb7-9fef6d8d7a07' },
    );
    expect(event.data).toStrictEqual({ ...fixture.data, name: 'Grace Hopper' });
    expect(event.metadata.source).toBe(fixture.metadata.source);
    expect(event.metadata.created).toBe(fixture.metadata.created);
    expect(event.metadata.id).toBe('6bc2d1b4-c0e2-4fbb-9fb7-9fef6d8d7a07');
  });

  it('gives each event a new id and correlation unless told', () => {
    const [a, b] = [buildTestEvent(EventType.UserSignedUp), buildTestEvent(EventType.UserSignedUp)];
    expect(a.metadata.id).not.toBe(b.metadata.id);
    expect(a.metadata.correlationId).not.toBe(b.metadata.correlationId);
  });

  it('builds older versions through the contract, rejecting data that breaks the schema', () => {
    const v1 = buildTestEventVersion(EventType.CourseCompleted, 1, { completionDate: '2026-11-20' });
    expect(v1.metadata.version).toBe(1);
    expect(v1.data.completionDate).toBe('2026-11-20');
    expect(() => buildTestEvent(EventType.CoursePaymentComplete, { amount: 49.99 })).toThrow(
      /CoursePaymentComplete/,
    );
  });
});

describe('shared test events', () => {
  it('are valid events with fixed, distinct ids in one flow, so tests can assert on them', () => {
    const events = [
      userSignedUp(),
      coursePaymentComplete(),
      courseCompletedV2(),
      courseCompletedV1(),
      certificateGenerated(),
      videoProcessingFailed(),
    ];
    for (const event of events) expect(parseEvent(event)).toStrictEqual(event);
    expect(events.map((event) => event.metadata.id)).toStrictEqual([
      '0b6f7b5e-6a8c-4f55-9a51-3f8f0d2d1a01',
      '1c7f8c6f-7b9d-4a66-8b62-4a9a1e3e2b02',
      '2d8a9d70-8cae-4b77-9c73-5bab2f4f3c03',
      '3e9bae81-9dbf-4c88-8d84-6cbc3a5a4d04',
      '4fa0bf92-aec0-4d99-9e95-7dcd4b6b5e05',
      '5ab1c0a3-bf1e-4eaa-8fa6-8e8e5c7c6f06',
    ]);
    expect(new Set(events.map((event) => event.metadata.id)).size).toBe(events.length);
    expect(new Set(events.map((event) => event.metadata.correlationId))).toStrictEqual(
      new Set([TEST_EVENT_CONTEXT.correlationId]),
    );
    expect(videoProcessingFailed().metadata.source).toBe('sfe-video-pipeline');
  });

  it('take data and context overrides', () => {
    const event = coursePaymentComplete(
      { amount: 120000, currency: 'JPY' },
      { id: '7cd3e2c5-d1f3-4acc-a0c8-a0f07e9e8b08' },
    );
    expect(event.data).toStrictEqual({
      paymentId: 'pay-42',
      userId: 'user-1',
      email: 'ada@example.com',
      userName: 'Ada Lovelace',
      courseId: 'course-7',
      courseTitle: 'Event-Driven Architecture',
      amount: 120000,
      currency: 'JPY',
      completedAt: '2026-11-23T09:58:00.000Z',
    });
    expect(event.metadata.id).toBe('7cd3e2c5-d1f3-4acc-a0c8-a0f07e9e8b08');
  });
});
