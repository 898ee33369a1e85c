import { readFileSync } from 'node:fs';
import { compilePattern } from '@sfe/event-patterns';
import { loadAllFixtures } from '@sfe/events/fixtures';
import { receivedEvents } from '@sfe/service-definition/routes';
import { describe, expect, it } from 'vitest';
import {
  createSesFeedbackSubscription,
  LOCAL_CONFIGURATION_SET,
  learnerEmails,
  sesFeedback,
  subscriptions,
} from './subscription';

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
});

describe('the subscriptions', () => {
  it('are learner emails on the platform bus and SES feedback on the default bus', () => {
    expect(subscriptions.map(({ id, bus }) => ({ id, bus }))).toStrictEqual([
      { id: 'learner-emails', bus: 'platform' },
      { id: 'ses-feedback', bus: 'default' },
    ]);
  });
});

describe('ses-feedback subscription', () => {
  const fixture = (name: string) =>
    JSON.parse(readFileSync(new URL(`../fixtures/${name}.json`, import.meta.url), 'utf8')) as {
      'detail-type': string;
      detail: { mail: { tags: Record<string, string[]> } };
    };
  // The fixtures are SES's events for the stack's set in the prod stage.
  const prod = compilePattern(createSesFeedbackSubscription('sfe-prod-email-service').pattern);

  it("takes SES's bounces and complaints, as SES sends them, of the named configuration set", () => {
    expect(prod.matches(fixture('ses-email-bounced.permanent'))).toBe(true);
    expect(prod.matches(fixture('ses-email-bounced.transient'))).toBe(true);
    expect(prod.matches(fixture('ses-email-complaint-received'))).toBe(true);
  });

  it("leaves other configuration sets' events (other senders, other stages) and other SES events alone", () => {
    expect(compilePattern(sesFeedback.pattern).matches(fixture('ses-email-bounced.permanent'))).toBe(false);
    const delivered = { ...fixture('ses-email-bounced.permanent'), 'detail-type': 'Email Delivered' };
    expect(prod.matches(delivered)).toBe(false);
  });

  it("names the local runtime's configuration set in the definition", () => {
    const local = fixture('ses-email-bounced.permanent');
    local.detail.mail.tags['ses:configuration-set'] = [LOCAL_CONFIGURATION_SET];
    expect(compilePattern(sesFeedback.pattern).matches(local)).toBe(true);
  });
});
