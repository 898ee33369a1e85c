import { describe, expect, it } from 'vitest';
import { subscriptions, teamNotifications } from './subscription';

describe('team-notifications subscription', () => {
  it('matches signups, payments and failed video processing from our producers', () => {
    expect(teamNotifications.pattern).toStrictEqual({
      source: [{ prefix: 'sfe-' }],
      'detail-type': ['UserSignedUp', 'CoursePaymentComplete', 'VideoProcessingFailed'],
    });
  });

  it('is the only subscription, on the platform bus', () => {
    expect(subscriptions.map(({ id, bus }) => ({ id, bus }))).toStrictEqual([
      { id: 'team-notifications', bus: 'platform' },
    ]);
  });
});
