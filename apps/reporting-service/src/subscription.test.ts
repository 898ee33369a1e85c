import { compilePattern } from '@sfe/event-patterns';
import { loadAllFixtures } from '@sfe/events/fixtures';
import { receivedEvents } from '@sfe/service-definition/routes';
import { describe, expect, it } from 'vitest';
import { reportedEventsSubscription, subscriptions } from './subscription';

describe('reported-events subscription', () => {
  it('receives the versions the reports read (computed with the pattern engine; the types: conformance.test.ts)', () => {
    expect(receivedEvents(reportedEventsSubscription.pattern)).toStrictEqual([
      { type: 'AccountDeactivated', version: 1 },
      { type: 'CourseCompleted', version: 1 },
      { type: 'CourseCompleted', version: 2 },
      { type: 'PaymentCompleted', version: 1 },
      { type: 'UserSignedUp', version: 1 },
    ]);
  });

  it('does not route versions it cannot read, nor events from sources that are not ours', () => {
    const rule = compilePattern(reportedEventsSubscription.pattern);
    const fixtures = loadAllFixtures();
    const bump = (type: string, version: number) => {
      const found = fixtures.find((f) => f.type === type && f.version === version);
      const event = structuredClone(found?.event) as { detail: { metadata: { version: number } } };
      event.detail.metadata.version += 1;
      return event;
    };
    expect(rule.matches(bump('UserSignedUp', 1))).toBe(false);
    expect(rule.matches(bump('CourseCompleted', 2))).toBe(false);
    const signup = fixtures.find((f) => f.type === 'UserSignedUp')?.event;
    expect(rule.matches({ ...signup, source: 'aws.s3' })).toBe(false);
  });

  it('is the only subscription, on the platform bus', () => {
    expect(subscriptions.map(({ id, bus }) => ({ id, bus }))).toStrictEqual([
      { id: 'reported-events', bus: 'platform' },
    ]);
  });
});
