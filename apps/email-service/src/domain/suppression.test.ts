import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type SesFeedbackEvent, SesFeedbackEventSchema } from '../aws-events/ses-feedback';
import { addressHash, decideFeedback, normaliseAddress } from './suppression';

/** An SES fixture (`fixtures/`, AWS's shape), validated: a fixture that drifted from the schema fails here. */
function fixture(name: string): SesFeedbackEvent {
  return SesFeedbackEventSchema.parse(
    JSON.parse(readFileSync(new URL(`../../fixtures/${name}.json`, import.meta.url), 'utf8')),
  );
}

describe('normaliseAddress', () => {
  it('trims and lower-cases, so an address typed with capitals or spaces is one key', () => {
    expect(normaliseAddress('  Grace.Hopper@Example.COM \n')).toBe('grace.hopper@example.com');
  });
});

describe('addressHash', () => {
  it('is the same for every spelling of one address, different for another, and never the address', () => {
    const hash = addressHash('Grace.Hopper@example.com');
    expect(hash).toMatch(/^sha256:[0-9a-f]{16}$/);
    expect(addressHash(' grace.hopper@EXAMPLE.com')).toBe(hash);
    expect(addressHash('ada@example.com')).not.toBe(hash);
    expect(hash).not.toContain('grace');
  });
});

describe('decideFeedback', () => {
  it('suppresses the recipient of a permanent bounce, with the feedback id, message id and time', () => {
    expect(decideFeedback(fixture('ses-email-bounced.permanent'))).toStrictEqual({
      action: 'suppress',
      suppressions: [
        {
          address: 'grace.hopper@example.com',
          reason: 'bounce',
          feedbackId: '0102019a5c44f053-61b59c11-9236-11e6-8f96-7be8aexample-000000',
          messageId: '0102019a5c44e8a1-e9aedb9a-02f9-4d12-a87d-dd0099a07f8a-000000',
          suppressedAt: '2026-11-23T10:01:04.669Z',
        },
      ],
    });
  });

  it('suppresses the recipient of a complaint', () => {
    expect(decideFeedback(fixture('ses-email-complaint-received'))).toStrictEqual({
      action: 'suppress',
      suppressions: [
        {
          address: 'ada.lovelace@example.com',
          reason: 'complaint',
          feedbackId: '0102019a61b7c3d4-61b59c11-9236-11e6-8f96-7be8aexample-000000',
          messageId: '0102019a5cb1f0e2-3d4c5b6a-1f2e-4d3c-8b7a-6f5e4d3c2b1a-000000',
          suppressedAt: '2026-11-24T08:15:41.669Z',
        },
      ],
    });
  });

  it('ignores a transient bounce, saying why', () => {
    expect(decideFeedback(fixture('ses-email-bounced.transient'))).toStrictEqual({
      action: 'ignore',
      why: 'Transient bounce (MailboxFull): the address may accept mail again',
    });
  });

  it('ignores an undetermined bounce too: only permanent ones suppress', () => {
    const event = fixture('ses-email-bounced.permanent');
    if (event.detail.eventType !== 'Bounce') throw new Error('fixture is a bounce');
    event.detail.bounce.bounceType = 'Undetermined';
    expect(decideFeedback(event)).toMatchObject({ action: 'ignore' });
  });

  it('suppresses each address once when a bounce lists it twice, in two spellings', () => {
    const event = fixture('ses-email-bounced.permanent');
    if (event.detail.eventType !== 'Bounce') throw new Error('fixture is a bounce');
    event.detail.bounce.bouncedRecipients = [
      { emailAddress: 'Grace.Hopper@example.com' },
      { emailAddress: 'grace.hopper@example.com' },
      { emailAddress: 'alan.turing@example.com' },
    ];
    const decision = decideFeedback(event);
    expect(decision.action === 'suppress' && decision.suppressions.map((s) => s.address)).toStrictEqual([
      'grace.hopper@example.com',
      'alan.turing@example.com',
    ]);
  });
});
