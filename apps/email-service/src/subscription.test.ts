import { compilePattern } from '@sfe/event-patterns';
import { loadAllFixtures } from '@sfe/events/fixtures';
import { receivedEvents } from '@sfe/service-definition/routes';
import { describe, expect, it } from 'vitest';
import { learnerEmails, subscriptions } from './subscription';

describe('learner-emails subscription', () => {
  it('matches our four event types from our producers, skipping only CourseCompleted and CertificateGenerated v1', () => {
    expect(learnerEmails.pattern).toStrictEqual({
      source: [{ prefix: 'sfe-' }],
      $or: [
        { 'detail-type': ['UserSignedUp', 'CoursePaymentComplete'] },
        { 'detail-type': ['CourseCompleted'], detail: { metadata: { version: [{ 'anything-but': [1] }] } } },
        {
          'detail-type': ['CertificateGenerated'],
          detail: { metadata: { version: [{ 'anything-but': [1] }] } },
        },
      ],
    });
  });

  it('receives every version but CourseCompleted v1 and CertificateGenerated v1 (computed with the pattern engine; the types: conformance.test.ts)', () => {
    expect(receivedEvents(learnerEmails.pattern)).toStrictEqual([
      { type: 'CertificateGenerated', version: 2 },
      { type: 'CourseCompleted', version: 2 },
      { type: 'CoursePaymentComplete', version: 1 },
      { type: 'UserSignedUp', version: 1 },
    ]);
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
