import { createHash } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { Email, Recipient } from '../domain/email';

/** A built RFC 5322 message: the exact bytes SES receives and the local outbox stores. */
export interface MimeMessage {
  readonly messageId: string;
  readonly from: Recipient;
  readonly to: Recipient;
  readonly raw: Buffer;
}

/**
 * Builds the multipart/alternative message (text then HTML, quoted-printable, RFC 2047 headers) with nodemailer's
 * MailComposer. The Message-ID and the MIME boundary derive from the event id, so the same event always gives
 * the same Message-ID (SES replaces it with its own on sending; locally it identifies the file).
 */
export async function buildMimeMessage(email: Email, from: Recipient, date: Date): Promise<MimeMessage> {
  const messageId = messageIdFor(email, from);
  const composer = new MailComposer({
    from,
    to: email.to,
    subject: email.subject,
    text: email.text,
    html: email.html,
    messageId,
    date,
    headers: { 'X-SFE-Event-Id': email.eventId, 'X-SFE-Email-Kind': email.kind },
    baseBoundary: createHash('sha256').update(messageId).digest('hex').slice(0, 16),
    newline: 'win',
    textEncoding: 'Q',
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  const raw = await composer.compile().build();
  return { messageId, from, to: email.to, raw };
}

/** `<eventId.kind@sender-domain>`: unique per email and stable across retries of the same event. */
export function messageIdFor(email: Email, from: Recipient): string {
  const domain = from.address.slice(from.address.lastIndexOf('@') + 1);
  return `<${email.eventId}.${email.kind}@${domain}>`;
}
