import { userSignedUp } from '@sfe/consumer-toolkit/testing';
import PostalMime from 'postal-mime';
import { describe, expect, it } from 'vitest';
import { HOSTILE_NAME } from '../../test/hostile-name';
import { composeEmail } from '../domain/compose-email';
import type { Email } from '../domain/email';
import { buildMimeMessage } from './mime-message';

const settings = { brandName: 'SFE Learning', appUrl: 'https://learn.example.com', locale: 'en-GB' };
const from = { name: 'SFE Learning', address: 'no-reply@mail.sfe.example' };
const date = new Date('2026-11-23T10:00:05.000Z');

/** An email with the given parts over a plain one (the builder is tested on values no template makes, too). */
function emailWith(overrides: Partial<Email>): Email {
  return {
    kind: 'course-completed',
    eventId: '0b6f7b5e-6a8c-4f55-9a51-3f8f0d2d1a01',
    to: { name: 'Ada Lovelace', address: 'ada@example.com' },
    subject: 'You completed a course',
    text: 'Well done.\n',
    html: '<p>Well done.</p>\n',
    ...overrides,
  };
}

/**
 * A body as postal-mime gives it back: line breaks as LF (the builder writes every one as CRLF), and one more at
 * the end, as postal-mime keeps the line break before the boundary delimiter (RFC 2046 gives it to the delimiter).
 */
function parsedBody(value: string): string {
  return `${value.replace(/\r\n|\r/g, '\n')}\n`;
}

/** What every message must be on the wire: 7-bit, CRLF only, lines within the limits. */
function expectWellFormed(raw: string): void {
  expect(/^[\x20-\x7e\r\n\t]*$/.test(raw)).toBe(true);
  expect(raw.endsWith('\r\n')).toBe(true);
  const lines = raw.slice(0, -2).split('\r\n');
  expect(lines.filter((line) => line.includes('\r') || line.includes('\n'))).toStrictEqual([]);
  const blank = lines.indexOf('');
  const head = lines.slice(0, blank);
  // RFC 5322's 998 for every line; the folded headers (names and subject) and the quoted-printable bodies
  // (RFC 2045) within 76.
  expect(lines.filter((line) => line.length > 998)).toStrictEqual([]);
  expect(head.filter((line) => /^(From|To|Subject|\s)/.test(line) && line.length > 78)).toStrictEqual([]);
  expect(lines.slice(blank).filter((line) => line.length > 76)).toStrictEqual([]);
  // A folded line is never only whitespace.
  expect(head.filter((line) => /^\s*$/.test(line))).toStrictEqual([]);
}

describe('buildMimeMessage', () => {
  it('builds a multipart/alternative RFC 5322 message that a parser reads back exactly', async () => {
    const email = composeEmail(userSignedUp({ name: `Zoë ${HOSTILE_NAME}` }), { settings });
    const message = buildMimeMessage(email, from, date);
    const parsed = await PostalMime.parse(message.raw);

    expect(parsed.subject).toBe(email.subject);
    expect(parsed.from).toStrictEqual({ name: 'SFE Learning', address: 'no-reply@mail.sfe.example' });
    expect(parsed.to).toStrictEqual([{ name: `Zoë ${HOSTILE_NAME}`, address: 'ada@example.com' }]);
    expect(parsed.messageId).toBe('<0b6f7b5e-6a8c-4f55-9a51-3f8f0d2d1a01.welcome@mail.sfe.example>');
    expect(parsed.date).toBe('2026-11-23T10:00:05.000Z');
    expect(parsed.text).toBe(parsedBody(email.text));
    expect(parsed.html).toBe(parsedBody(email.html));
    expect(parsed.attachments).toStrictEqual([]);
    expect(parsed.headers.find((header) => header.key === 'x-sfe-event-id')?.value).toBe(email.eventId);
    expect(parsed.headers.find((header) => header.key === 'x-sfe-email-kind')?.value).toBe('welcome');
    expectWellFormed(message.raw.toString('latin1'));
  });

  it('writes the standard headers, RFC 2047 for non-ASCII, and quoted-printable bodies', () => {
    const email = composeEmail(userSignedUp({ name: 'Zoë' }), { settings });
    const raw = buildMimeMessage(email, from, date).raw.toString('utf8');
    const headEnd = raw.indexOf('\r\n\r\n');
    const head = raw.slice(0, headEnd);
    const body = raw.slice(headEnd + 4);

    expect(head).toMatch(/^From: SFE Learning <no-reply@mail\.sfe\.example>$/m);
    expect(head).toMatch(/^To: =\?UTF-8\?Q\?Zo=C3=AB\?= <ada@example\.com>$/m);
    expect(head).toMatch(/^Subject: =\?UTF-8\?Q\?Welcome_to_SFE_Learning=2C_Zo=C3=AB\?=$/m);
    expect(head).toMatch(/^Date: Mon, 23 Nov 2026 10:00:05 \+0000$/m);
    expect(head).toMatch(/^MIME-Version: 1\.0$/m);
    expect(head).toMatch(/^X-SFE-Event-Id: 0b6f7b5e-6a8c-4f55-9a51-3f8f0d2d1a01$/im);
    const boundary = /^Content-Type: multipart\/alternative;\s+boundary="([^"]+)"$/m.exec(head)?.[1];
    expect(boundary).toBeDefined();
    expect(body.match(/^Content-Type: text\/(plain|html); charset=utf-8$/gm)).toStrictEqual([
      'Content-Type: text/plain; charset=utf-8',
      'Content-Type: text/html; charset=utf-8',
    ]);
    expect(body.match(/^Content-Transfer-Encoding: quoted-printable$/gm)).toHaveLength(2);
    expect(body).toContain('Hi Zo=C3=AB,');
    expect(raw.endsWith(`\r\n--${boundary}--\r\n`)).toBe(true);
    expectWellFormed(raw);
  });

  it('writes a plain ASCII subject and name as they are, quoting a name with specials', async () => {
    const email = emailWith({
      to: { name: 'Lovelace, Ada "Countess" \\ of Lovelace', address: 'ada@example.com' },
      subject: 'Your receipt for order 42 = paid',
    });
    const message = buildMimeMessage(email, from, date);
    const raw = message.raw.toString('latin1');
    expect(raw).toMatch(/^To: "Lovelace, Ada \\"Countess\\" \\\\ of Lovelace" <ada@example\.com>$/m);
    expect(raw).toMatch(/^Subject: Your receipt for order 42 = paid$/m);
    const parsed = await PostalMime.parse(message.raw);
    expect(parsed.to).toStrictEqual([email.to]);
    expect(parsed.subject).toBe(email.subject);
  });

  // Each case is parsed back with a real MIME parser and compared with its input, field by field.
  const cases: ReadonlyArray<readonly [string, Partial<Email>]> = [
    [
      'a CJK name and subject',
      { to: { name: '山田 太郎', address: 'taro@example.jp' }, subject: '修了証書: 山田 太郎' },
    ],
    [
      'emoji (four UTF-8 bytes) across encoded-word and soft line break boundaries',
      {
        to: { name: '🎓'.repeat(40), address: 'grad@example.com' },
        subject: `Well done ${'🎉 '.repeat(30)}!`,
        text: `${'🎓'.repeat(100)}\n${'x'.repeat(74)}é${'🎓'.repeat(3)}\n`,
      },
    ],
    [
      'a long subject with non-ASCII, folded into several encoded-words',
      { subject: `Zoë, you completed ${'Théorie des catégories, '.repeat(12)}and more` },
    ],
    [
      'a long plain ASCII subject, folded at its spaces, double spaces kept',
      { subject: `Welcome to the course  ${'on analytical engines and their programs '.repeat(8)}today` },
    ],
    [
      'an ASCII subject with a word longer than a line',
      { subject: `Your link: https://learn.example.com/${'a'.repeat(200)}` },
    ],
    [
      'text a reader would take for encoded-words, and "?", "_" and "=" in names',
      {
        to: { name: 'Ada =?UTF-8?Q?Bcc?= a_b?c=d', address: 'ada@example.com' },
        subject: '=?UTF-8?B?SGk=?=',
      },
    ],
    [
      'a tab and control characters in a name',
      { to: { name: 'Ada\tLovelace\u0007', address: 'ada@example.com' } },
    ],
    ['no display name', { to: { name: '', address: 'ada@example.com' } }],
    [
      'long lines without spaces, trailing spaces and tabs, "=" and dots, every kind of line break',
      {
        text: `${'0123456789'.repeat(250)}\r\ntrailing spaces   \r\ntrailing tab\t\n=3D is not an escape = =\r.\n..\n\nend`,
        html: `<p style="${'color:#123456;'.repeat(100)}">Zoë</p>\r\n<p>${'é'.repeat(500)}</p>`,
      },
    ],
    ['empty bodies', { text: '', html: '' }],
  ];

  it.each(cases)('reads back exactly: %s', async (_, overrides) => {
    const email = emailWith(overrides);
    const message = buildMimeMessage(email, from, date);
    expectWellFormed(message.raw.toString('latin1'));
    const parsed = await PostalMime.parse(message.raw);
    expect(parsed.subject).toBe(email.subject);
    expect(parsed.from).toStrictEqual(from);
    expect(parsed.to).toStrictEqual([email.to]);
    expect(parsed.text ?? '').toBe(parsedBody(email.text));
    expect(parsed.html ?? '').toBe(parsedBody(email.html));
    expect(parsed.attachments).toStrictEqual([]);
  });

  it('is byte-identical for the same event (Message-ID and boundary derive from the event id)', () => {
    const email = composeEmail(userSignedUp(), { settings });
    const first = buildMimeMessage(email, from, date);
    const second = buildMimeMessage(email, from, date);
    expect(second.raw.equals(first.raw)).toBe(true);
    const other = composeEmail(
      userSignedUp({ name: 'Ada Lovelace' }, { id: '5ab1c0a3-bfd1-4eaa-8fa6-8ede5c7c6f06' }),
      { settings },
    );
    const otherMessage = buildMimeMessage(other, from, date);
    expect(otherMessage.messageId).toBe('<5ab1c0a3-bfd1-4eaa-8fa6-8ede5c7c6f06.welcome@mail.sfe.example>');
    const boundaryOf = (raw: Buffer) => /boundary="([^"]+)"/.exec(raw.toString('latin1'))?.[1];
    expect(boundaryOf(otherMessage.raw)).not.toBe(boundaryOf(first.raw));
  });

  it('cannot be given extra headers through a name or subject with line breaks', async () => {
    const email = emailWith({
      to: { name: 'Ada\r\nBcc: evil@example.com', address: 'ada@example.com' },
      subject: 'Hello\nBcc: evil@example.com\r\n\r\nbody',
    });
    const parsed = await PostalMime.parse(buildMimeMessage(email, from, date).raw);
    expect(parsed.bcc).toBeUndefined();
    expect(parsed.headers.filter((header) => header.key === 'bcc')).toStrictEqual([]);
    expect(parsed.to).toStrictEqual([{ name: 'Ada Bcc: evil@example.com', address: 'ada@example.com' }]);
    expect(parsed.subject).toBe('Hello Bcc: evil@example.com body');
  });

  it('refuses an address it cannot write as a plain address, naming the field and the address', () => {
    expect(() =>
      buildMimeMessage(
        emailWith({ to: { name: 'Ada', address: 'ada@example.com>, evil@example.com' } }),
        from,
        date,
      ),
    ).toThrow('cannot write To address "ada@example.com>, evil@example.com": not a plain ASCII address');
    expect(() => buildMimeMessage(emailWith({}), { name: 'SFE', address: 'zoë@example.com' }, date)).toThrow(
      'cannot write From address "zoë@example.com"',
    );
  });
});
