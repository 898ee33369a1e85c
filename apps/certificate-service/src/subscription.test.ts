import { compilePattern } from '@sfe/event-patterns';
import { EventType, SOURCE_PREFIX } from '@sfe/events';
import { loadAllFixtures } from '@sfe/events/fixtures';
import { receivedEvents } from '@sfe/service-definition/routes';
import { describe, expect, it } from 'vitest';
import { courseCompletedSubscription, subscriptions } from './subscription';

describe('course-completed subscription', () => {
  it('pins CourseCompleted to the versions this service reads', () => {
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

  it('receives CourseCompleted v1 and v2 (computed with the pattern engine; the types: conformance.test.ts)', () => {
    expect(receivedEvents(courseCompletedSubscription.pattern)).toStrictEqual([
      { type: 'CourseCompleted', version: 1 },
      { type: 'CourseCompleted', version: 2 },
    ]);
  });

  it('does not route a version it cannot read, nor events from sources that are not ours', () => {
    const rule = compilePattern(courseCompletedSubscription.pattern);
    const [fixture] = loadAllFixtures().filter(
      ({ type, version }) => type === 'CourseCompleted' && version === 2,
    );
    const future = structuredClone(fixture?.event) as { detail: { metadata: { version: number } } };
    future.detail.metadata.version = 3;
    expect(rule.matches(future)).toBe(false);
    expect(rule.matches({ ...fixture?.event, source: 'partner.lms' })).toBe(false);
  });
});
