import { EventType, SOURCE_PREFIX, type Subscription } from '@sfe/events';

/**
 * CourseCompleted from any of our producers, in the versions this service reads (v1 is upgraded to v2).
 * A producer publishing v1 beside v2 yields two events for one completion: both map to the same
 * certificate, and the conditional write keeps one.
 */
export const courseCompletedSubscription: Subscription = {
  id: 'course-completed',
  bus: 'platform',
  pattern: {
    source: [{ prefix: SOURCE_PREFIX }],
    'detail-type': [EventType.CourseCompleted],
    detail: { metadata: { version: [1, 2] } },
  },
  description: 'Issue a PDF certificate when a learner completes a course',
};

export const subscriptions: readonly Subscription[] = [courseCompletedSubscription];
