import { describe, expect, it } from 'vitest';
import { subscriptions, teamNotifications } from './subscription';

describe('team-notifications subscription', () => {
  it('matches signups, payments, course completions (v2 on) and failed video processing from our producers', () => {
    expect(teamNotifications.pattern).toStrictEqual({
      source: [{ prefix: 'sfe-' }],
      $or: [
        { 'detail-type': ['UserSignedUp', 'CoursePaymentComplete', 'VideoProcessingFailed'] },
        {
          'detail-type': ['CourseCompleted'],
          detail: { metadata: { version: [{ 'anything-but': [1] }] } },
        },
      ],
    });
  });

  it('is the only subscription, on the platform bus', () => {
    expect(subscriptions.map(({ id, bus }) => ({ id, bus }))).toStrictEqual([
      { id: 'team-notifications', bus: 'platform' },
    ]);
  });
});
