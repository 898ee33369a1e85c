import { compilePattern } from '@sfe/event-patterns';
import { loadAllFixtures } from '@sfe/events/fixtures';
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

  it('routes, with EventBridge semantics, exactly the fixture events the handler should get', () => {
    const rule = compilePattern(learnerEmails.pattern);
    const routed = loadAllFixtures()
      .filter(({ event }) => rule.matches(event))
      .map(({ type, version }) => `${type}.v${version}`);
    expect(routed.sort()).toStrictEqual([
      'CertificateGenerated.v1',
      'CourseCompleted.v2',
      'CoursePaymentComplete.v1',
      'UserSignedUp.v1',
    ]);
    expect([...new Set(routed.map((name) => name.split('.')[0]))].sort()).toStrictEqual(
      [...EMAIL_EVENT_TYPES].sort(),
    );
  });

  it('lets an unknown future version through, so it fails loudly into the DLQ', () => {
    const rule = compilePattern(learnerEmails.pattern);
    const [courseCompleted] = loadAllFixtures().filter(
      ({ type, version }) => type === 'CourseCompleted' && version === 2,
    );
    const future = structuredClone(courseCompleted?.event) as { detail: { metadata: { version: number } } };
    future.detail.metadata.version = 3;
    expect(rule.matches(future)).toBe(true);
  });

  it('ignores events from sources that are not ours', () => {
    const [signedUp] = loadAllFixtures().filter(({ type }) => type === 'UserSignedUp');
    expect(compilePattern(learnerEmails.pattern).matches({ ...signedUp?.event, source: 'aws.s3' })).toBe(
      false,
    );
  });

  it('is the only subscription, on the platform bus', () => {
    expect(subscriptions.map(({ id, bus }) => ({ id, bus }))).toStrictEqual([
      { id: 'learner-emails', bus: 'platform' },
    ]);
  });
});
