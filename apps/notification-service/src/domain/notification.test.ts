import {
  courseCompletedV1,
  courseCompletedV2,
  coursePaymentComplete,
  userSignedUp,
  videoProcessingFailed,
} from '@sfe/consumer-toolkit/testing';
import { describe, expect, it } from 'vitest';
import { describeEvent } from './notification';

const options = { locale: 'en-GB' };

describe('describeEvent', () => {
  it('announces a signup', () => {
    expect(describeEvent(userSignedUp(), options)).toStrictEqual({
      kind: 'new-signup',
      eventId: '0b6f7b5e-6a8c-4f55-9a51-3f8f0d2d1a01',
      severity: 'info',
      title: 'New signup: Ada Lovelace',
      fields: [
        { label: 'Name', value: 'Ada Lovelace' },
        { label: 'Email', value: 'ada@example.com' },
        { label: 'User id', value: 'user-1' },
        { label: 'Signed up', value: '2026-11-23T09:59:00.000Z' },
      ],
    });
  });

  it('announces a payment with the amount formatted for its currency', () => {
    expect(describeEvent(coursePaymentComplete(), options)).toStrictEqual({
      kind: 'payment-received',
      eventId: '1c7f8c6f-7b9d-4a66-8b62-4a9a1e3e2b02',
      severity: 'info',
      title: 'Payment received: £49.99',
      fields: [
        { label: 'Amount', value: '£49.99' },
        { label: 'Course', value: 'Event-Driven Architecture' },
        { label: 'Learner', value: 'Ada Lovelace (ada@example.com)' },
        { label: 'Payment id', value: 'pay-42' },
        { label: 'Paid', value: '2026-11-23T09:58:00.000Z' },
      ],
    });
    expect(describeEvent(coursePaymentComplete({ amount: 4999, currency: 'JPY' }), options).title).toBe(
      'Payment received: JP¥4,999',
    );
    expect(describeEvent(coursePaymentComplete({ amount: 4999, currency: 'BHD' }), options).title).toBe(
      'Payment received: BHD\u00a04.999',
    );
  });

  it('announces a course completion', () => {
    expect(describeEvent(courseCompletedV2(), options)).toStrictEqual({
      kind: 'course-completed',
      eventId: '2d8a9d70-8cae-4b77-9c73-5bab2f4f3c03',
      severity: 'info',
      title: 'Course completed: Event-Driven Architecture',
      fields: [
        { label: 'Course', value: 'Event-Driven Architecture' },
        { label: 'Learner', value: 'Ada Lovelace (ada@example.com)' },
        { label: 'Course id', value: 'course-7' },
        { label: 'Completed', value: '2026-11-22T18:30:00.000Z' },
      ],
    });
  });

  it('reads CourseCompleted v1 as v2 (courseName is the title, the day is kept)', () => {
    const v1 = describeEvent(courseCompletedV1(), options);
    expect([v1.title, v1.fields.at(-1)]).toStrictEqual([
      'Course completed: Event-Driven Architecture',
      { label: 'Completed', value: '2026-11-22T00:00:00.000Z' },
    ]);
  });

  it('raises an alert when video processing failed, with the reason as details', () => {
    expect(describeEvent(videoProcessingFailed(), options)).toStrictEqual({
      kind: 'video-processing-failed',
      eventId: '5ab1c0a3-bf1e-4eaa-8fa6-8e8e5c7c6f06',
      severity: 'alert',
      title: 'Video processing failed: Intro to queues',
      fields: [
        { label: 'Video', value: 'Intro to queues' },
        { label: 'Video id', value: 'video-3' },
        { label: 'Course id', value: 'course-7' },
      ],
      details: 'Transcribe job failed: unsupported media format',
    });
  });
});
