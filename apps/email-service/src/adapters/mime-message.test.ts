import { userSignedUp } from '@sfe/consumer-toolkit/testing';
import PostalMime from 'postal-mime';
import { describe, expect, it } from 'vitest';
import { HOSTILE_NAME } from '../../test/hostile-name';
import { composeEmail } from '../domain/compose-email';
import { buildMimeMessage } from './mime-message';

const settings = { brandName: 'SFE Learning', appUrl: 'https://learn.example.com', locale: 'en-GB' };
const from = { name: 'SFE Learning', address: 'no-reply@mail.sfe.example' };
const date = new Date('2026-11-23T10:00:05.000Z');

describe('buildMimeMessage', () => {
  it('builds a multipart/alternative RFC 5322 message that a parser reads back exactly', async () => {
    const email = composeEmail(userSignedUp({ name: `Zoë ${HOSTILE_NAME}` }), { settings });
    const message = await buildMimeMessage(email, from, date);
    const parsed = await PostalMime.parse(message.raw);

    expect(parsed.subject).toBe(email.subject);
    expect(parsed.from).toStrictEqual({ name: 'SFE Learning', address: 'no-reply@mail.sfe.example' });
    expect(parsed.to).toStrictEqual([{ name: `Zoë ${HOSTILE_NAME}`, address: 'ada@example.com' }]);
    expect(parsed.messageId).toBe('<0b6f7b5e-6a8c-4f55-9a51-3f8f0d2d1a01.welcome@mail.sfe.example>');
    expect(parsed.date).toBe('2026-11-23T10:00:05.000Z');
    // On the wire lines end in CRLF and the part's last line break belongs to the boundary.
    expect(normalise(parsed.text)).toBe(normalise(email.text));
    expect(normalise(parsed.html)).toBe(normalise(email.html));
    expect(parsed.attachments).toStrictEqual([]);
  });

  it('writes the standard headers, RFC 2047 for non-ASCII, and quoted-printable bodies', async () => {
    const email = composeEmail(userSignedUp({ name: 'Zoë' }), { settings });
    const raw = (await buildMimeMessage(email, from, date)).raw.toString('utf8');
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
    expect(raw).toContain(`--${boundary}--`);
    // 7-bit clean: every byte is ASCII, every line within RFC 5322's 998 characters, every line ends CRLF.
    expect(/^[\x20-\x7e\r\n\t]*$/.test(raw)).toBe(true);
    expect(raw.split('\r\n').every((line) => line.length <= 998 && !line.includes('\n'))).toBe(true);
  });

  it('is byte-identical for the same event (Message-ID and boundary derive from the event id)', async () => {
    const email = composeEmail(userSignedUp(), { settings });
    const first = await buildMimeMessage(email, from, date);
    const second = await buildMimeMessage(email, from, date);
    expect(second.raw.equals(first.raw)).toBe(true);
    const other = composeEmail(
      userSignedUp({ name: 'Ada Lovelace' }, { id: '5ab1c0a3-bfd1-4eaa-8fa6-8ede5c7c6f06' }),
      {
        settings,
      },
    );
    expect((await buildMimeMessage(other, from, date)).messageId).toBe(
      '<5ab1c0a3-bfd1-4eaa-8fa6-8ede5c7c6f06.welcome@mail.sfe.example>',
    );
  });

  it('cannot be given extra headers through a name with line breaks', async () => {
    const email = composeEmail(userSignedUp({ name: 'Ada\r\nBcc: evil@example.com' }), { settings });
    const parsed = await PostalMime.parse((await buildMimeMessage(email, from, date)).raw);
    expect(parsed.bcc).toBeUndefined();
    expect(parsed.headers.filter((header) => header.key === 'bcc')).toStrictEqual([]);
  });
});

function normalise(value: string | undefined): string | undefined {
  return value?.replace(/\r\n/g, '\n').trimEnd();
}
