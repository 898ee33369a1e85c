import { EventType, SOURCE_PREFIX } from '@sfe/events';
import { describe, expect, it } from 'vitest';
import { courseCompletedSubscription, subscriptions } from './subscription';

describe('subscriptions', () => {
  it('subscribes to CourseCompleted v1 and v2 from our producers on the platform bus', () => {
    expect(subscriptions).toStrictEqual([courseCompletedSubscription]);
    expect(courseCompletedSubscription).toStrictEqual({
      id: 'course-completed',
      bus: 'platform',
      pattern: {
        source: [{ prefix: SOURCE_PREFIX }],
        'detail-type': [EventType.CourseCompleted],
        detail: { metadata: { version: [1, 2] } },
      },
      description: expect.any(String),
    });
  });
});
