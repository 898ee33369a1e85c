import {
  buildTestEventVersion,
  certificateGenerated,
  courseCompletedV1,
  courseCompletedV2,
  coursePaymentComplete,
  userSignedUp,
} from '@sfe/consumer-toolkit/testing';
import { EventType, EventUpgradeError } from '@sfe/events';
import { describe, expect, it } from 'vitest';
import { HOSTILE_NAME } from '../../test/hostile-name';
import { composeEmail } from './compose-email';
import type { TemplateSettings } from './email';

const settings: TemplateSettings = {
  brandName: 'SFE Learning',
  appUrl: 'https://learn.example.com',
  locale: 'en-GB',
};
/** certificate-service's address for the certificate, as CertificateGenerated v2 carries it. */
const downloadUrl = 'https://abc123.lambda-url.eu-west-1.on.aws/certificates/cert-9?utm_source=email&lang=en';

describe('composeEmail', () => {
  it('welcomes a new user with both parts', () => {
    const email = composeEmail(userSignedUp(), { settings });
    expect({ ...email, html: undefined }).toStrictEqual({
      kind: 'welcome',
      eventId: '0b6f7b5e-6a8c-4f55-9a51-3f8f0d2d1a01',
      to: { name: 'Ada Lovelace', address: 'ada@example.com' },
      subject: 'Welcome to SFE Learning, Ada Lovelace',
      html: undefined,
      text: [
        'Hi Ada Lovelace,',
        '',
        'Welcome to SFE Learning! Your account for ada@example.com is ready.',
        '',
        'Browse the catalogue, enrol in a course and learn at your own pace.',
        '',
        'Start learning: https://learn.example.com',
        '',
        'The SFE Learning team',
        '',
      ].join('\n'),
    });
    expect(email.html).toContain('<a href="https://learn.example.com"');
    expect(email.html).toContain('<p>Hi Ada Lovelace,</p>');
  });

  it('thanks for the purchase with the amount formatted for the currency', () => {
    const gbp = composeEmail(coursePaymentComplete(), { settings });
    expect(gbp.subject).toBe('Thanks for your purchase: Event-Driven Architecture');
    expect(gbp.kind).toBe('receipt');
    expect(gbp.text).toContain('Thanks for your purchase!');
    expect(gbp.text).toContain('Amount paid: £49.99\n');
    expect(gbp.text).toContain('Paid on: 23 November 2026 at 09:58 UTC\n');
    expect(gbp.text).toContain('Payment reference: pay-42\n');
    expect(gbp.html).toContain('£49.99');

    const yen = composeEmail(coursePaymentComplete({ amount: 4999, currency: 'JPY' }), { settings });
    expect(yen.text).toContain('Amount paid: JP¥4,999\n');
    const dinar = composeEmail(coursePaymentComplete({ amount: 4999, currency: 'BHD' }), { settings });
    expect(dinar.text).toContain('Amount paid: BHD\u00a04.999\n');
  });

  it('congratulates on CourseCompleted v2', () => {
    const email = composeEmail(courseCompletedV2(), { settings });
    expect(email.kind).toBe('course-completed');
    expect(email.subject).toBe('Congratulations on completing Event-Driven Architecture');
    expect(email.text).toContain('You completed Event-Driven Architecture on 22 November 2026.');
  });

  it('reads CourseCompleted v1 as v2 (courseName becomes the title, the date is kept)', () => {
    const fromV1 = composeEmail(courseCompletedV1(), { settings });
    expect(fromV1.subject).toBe('Congratulations on completing Event-Driven Architecture');
    expect(fromV1.text).toContain('You completed Event-Driven Architecture on 22 November 2026.');
    expect(fromV1.eventId).toBe('3e9bae81-9dbf-4c88-8d84-6cbc3a5a4d04');
  });

  it('links the certificate to the address the event carries, promising no deadline', () => {
    const email = composeEmail(certificateGenerated({ downloadUrl }), { settings });
    expect(email.kind).toBe('certificate-ready');
    expect(email.subject).toBe('Your certificate for Event-Driven Architecture is ready');
    expect(email.text).toContain(`Download your certificate: ${downloadUrl}\n`);
    expect(email.text).toContain('Certificate id: cert-9.');
    expect(email.text).not.toContain('works until');
    // The & between query parameters is escaped in the attribute, as HTML requires.
    expect(email.html).toContain(
      'href="https://abc123.lambda-url.eu-west-1.on.aws/certificates/cert-9?utm_source=email&amp;lang=en"',
    );
  });

  it('refuses CertificateGenerated v1, which has no download address, naming why', () => {
    const v1 = buildTestEventVersion(EventType.CertificateGenerated, 1);
    expect(() => composeEmail(v1, { settings })).toThrow(EventUpgradeError);
    expect(() => composeEmail(v1, { settings })).toThrow(/v1 carries no downloadUrl/);
  });

  it('refuses a non-web link in a button', () => {
    // Parsing rejects such an event; composing refuses it again, should one be built in code.
    const event = certificateGenerated();
    const evil = { ...event, data: { ...event.data, downloadUrl: 'javascript:alert(1)' } };
    expect(() => composeEmail(evil, { settings })).toThrow(/email links must be http\(s\) URLs/);
  });

  describe('with hostile names', () => {
    const hostileSettings = { ...settings, brandName: 'SFE <b>"Learning"</b>' };
    const emails = [
      composeEmail(userSignedUp({ name: HOSTILE_NAME }), { settings: hostileSettings }),
      composeEmail(coursePaymentComplete({ userName: HOSTILE_NAME, courseTitle: HOSTILE_NAME }), {
        settings: hostileSettings,
      }),
      composeEmail(courseCompletedV2({ userName: HOSTILE_NAME }), { settings: hostileSettings }),
      composeEmail(certificateGenerated({ userName: HOSTILE_NAME }), { settings: hostileSettings }),
    ];

    it.each(emails.map((email) => [email.kind, email]))('escapes every value in the %s HTML', (_, email) => {
      expect(email.html).not.toContain('<script>');
      expect(email.html).not.toContain('"pwned"');
      expect(email.html).not.toContain('<b>"Learning"</b>');
      expect(email.html).toContain(
        '&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt; O&#39;Brien &amp; Co',
      );
      expect(email.html).toContain('SFE &lt;b&gt;&quot;Learning&quot;&lt;/b&gt;');
    });

    it('keeps the hostile name verbatim in plain text, where markup is inert', () => {
      expect(emails[0]?.text).toContain(`Hi ${HOSTILE_NAME},`);
    });

    it('cannot forge lines in the text part or the subject with line breaks', () => {
      const email = composeEmail(userSignedUp({ name: 'Ada\r\nBcc: evil@example.com' }), { settings });
      expect(email.subject).toBe('Welcome to SFE Learning, Ada Bcc: evil@example.com');
      expect(email.text.split('\n')[0]).toBe('Hi Ada Bcc: evil@example.com,');
    });
  });
});
