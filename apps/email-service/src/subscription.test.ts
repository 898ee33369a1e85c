import { EventType } from '@sfe/events';
import { describe, expect, it } from 'vitest';
import { EMAIL_EVENT_TYPES, learnerEmails, subscriptions } from './subscription';

describe('learner-emails subscription', () => {
  it('matches our four event types from our producers, skipping only CourseCompleted v1', () => {
    expect(learnerEmails.pattern).toStrictEqual({
      source: [{ prefix: 'sfe-' }],
      $or: [
        { 'detail-type': ['UserSignedUp', 'CoursePaymentComplete', 'CertificateGenerated'] },
        { 'detail-type': ['CourseCompleted'], detail: { metadata: { version: [{ 'anything-but': [1] }] } } },
      ],
    });
  });

  it('routes exactly the types the handler accepts', () => {
    const routed = (learnerEmails.pattern.$or as { 'detail-type': string[] }[]).flatMap(
      (p) => p['detail-type'],
    );
    expect([...routed].sort()).toStrictEqual([...EMAIL_EVENT_TYPES].sort());
    expect(EMAIL_EVENT_TYPES).toContain(EventType.CourseCompleted);
  });

  it('is the only subscription, on the platform bus', () => {
    expect(subscriptions.map(({ id, bus }) => ({ id, bus }))).toStrictEqual([
      { id: 'learner-emails', bus: 'platform' },
    ]);
  });
});
