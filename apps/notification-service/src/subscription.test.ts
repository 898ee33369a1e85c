import { compilePattern } from '@sfe/event-patterns';
import { loadAllFixtures } from '@sfe/events/fixtures';
import { describe, expect, it } from 'vitest';
import { NOTIFICATION_EVENT_TYPES, subscriptions, teamNotifications } from './subscription';

describe('team-notifications subscription', () => {
  it('matches signups, payments and failed video processing from our producers', () => {
    expect(teamNotifications.pattern).toStrictEqual({
      source: [{ prefix: 'sfe-' }],
      'detail-type': ['UserSignedUp', 'CoursePaymentComplete', 'VideoProcessingFailed'],
    });
  });

  it('routes, with EventBridge semantics, exactly the fixture events the handler accepts', () => {
    const rule = compilePattern(teamNotifications.pattern);
    const routed = loadAllFixtures()
      .filter(({ event }) => rule.matches(event))
      .map(({ type }) => type);
    expect(routed.sort()).toStrictEqual([...NOTIFICATION_EVENT_TYPES].sort());
  });

  it('is the only subscription, on the platform bus', () => {
    expect(subscriptions.map(({ id, bus }) => ({ id, bus }))).toStrictEqual([
      { id: 'team-notifications', bus: 'platform' },
    ]);
  });
});
