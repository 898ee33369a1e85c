import { createEvent, EventType } from '@sfe/events';

// Real events built through the contract package, so a fixture can never drift from the schemas.
const context = (id: string, source = 'sfe-stream-processor') => ({
  source,
  id,
  created: '2026-11-23T10:00:00.000Z',
  correlationId: '9b0c1f0e-2a57-4d61-8a55-0d7f3f8d5c11',
});

export const HOSTILE_NAME = '<!channel> <@U123|boss> & <script>"x"</script>';

export function userSignedUp(name = 'Ada Lovelace', id = '0b6f7b5e-6a8c-4f55-9a51-3f8f0d2d1a01') {
  return createEvent(
    EventType.UserSignedUp,
    { userId: 'user-1', email: 'ada@example.com', name, signedUpAt: '2026-11-23T09:59:00.000Z' },
    context(id),
  );
}

export function coursePaymentComplete(
  overrides: { amount?: number; currency?: string; courseTitle?: string } = {},
  id = '1c7f8c6f-7b9d-4a66-8b62-4a9a1e3e2b02',
) {
  return createEvent(
    EventType.CoursePaymentComplete,
    {
      paymentId: 'pay-42',
      userId: 'user-1',
      courseId: 'course-7',
      amount: overrides.amount ?? 4999,
      currency: overrides.currency ?? 'GBP',
      completedAt: '2026-11-23T09:58:00.000Z',
      courseTitle: overrides.courseTitle ?? 'Event-Driven Architecture',
      userName: 'Ada Lovelace',
      email: 'ada@example.com',
    },
    context(id),
  );
}

export function videoProcessingFailed(failureReason = 'Transcribe job failed: unsupported media format') {
  return createEvent(
    EventType.VideoProcessingFailed,
    { videoId: 'video-3', courseId: 'course-7', title: 'Intro to queues', failureReason },
    context('2d8a9d70-8cae-4b77-9c73-5bab2f4f3c03', 'sfe-video-pipeline'),
  );
}
