import { createEvent, createEventVersion, EventType } from '@sfe/events';

export const completion = {
  userId: 'u-1',
  courseId: 'c-event-driven',
  courseTitle: 'Event-Driven Architecture on AWS',
  userName: 'Ada Lovelace',
  email: 'ada@example.com',
};

/** CourseCompleted v2 as the stream processor publishes it. */
export function courseCompletedV2(overrides: Partial<typeof completion> = {}) {
  return createEvent(
    EventType.CourseCompleted,
    { ...completion, ...overrides, completedAt: '2026-11-20T17:45:00.000Z' },
    { source: 'sfe-stream-processor', created: '2026-11-20T17:45:01.000Z' },
  );
}

/** The same completion as v1 (a producer still publishing v1 beside v2). */
export function courseCompletedV1(overrides: Partial<typeof completion> = {}) {
  const data = { ...completion, ...overrides };
  return createEventVersion(
    EventType.CourseCompleted,
    1,
    {
      userId: data.userId,
      courseId: data.courseId,
      courseName: data.courseTitle,
      userName: data.userName,
      email: data.email,
      completionDate: '2026-11-20',
    },
    { source: 'sfe-stream-processor', created: '2026-11-20T17:45:01.000Z' },
  );
}
