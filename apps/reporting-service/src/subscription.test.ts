import { compilePattern } from '@sfe/event-patterns';
import { loadAllFixtures } from '@sfe/events/fixtures';
import { describe, expect, it } from 'vitest';
import { REPORTED_EVENT_TYPES, reportedEventsSubscription, subscriptions } from './subscription';

describe('reported-events subscription', () => {
  it('routes, with EventBridge semantics, exactly the fixture events the reports count', () => {
    const rule = compilePattern(reportedEventsSubscription.pattern);
    const routed = loadAllFixtures()
      .filter(({ event }) => rule.matches(event))
      .map(({ type, version }) => `${type}.v${version}`);
    expect(routed.sort()).toStrictEqual([
      'AccountDeactivated.v1',
      'CourseCompleted.v1',
      'CourseCompleted.v2',
      'CoursePaymentComplete.v1',
      'UserSignedUp.v1',
    ]);
    expect([...new Set(routed.map((name) => name.split('.')[0]))].sort()).toStrictEqual(
      [...REPORTED_EVENT_TYPES].sort(),
    );
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
