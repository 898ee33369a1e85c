import { createHash } from 'node:crypto';
import type { Email, Recipient } from '../domain/email';

/** A built RFC 5322 message: the exact bytes SES receives and the local outbox stores. */
export interface MimeMessage {
  readonly messageId: string;
  readonly from: Recipient;
  readonly to: Recipient;
  readonly raw: Buffer;
}

/**
 * Builds the one message this service sends: multipart/alternative, text then HTML, both UTF-8 and
 * quoted-printable (RFC 2045), display names and subject as RFC 2047 encoded-words when they are not plain ASCII,
 * every line ending CRLF, folded under 78 characters where it can be (never over 998). The Message-ID and the
 * MIME boundary derive from the event id, so the same event always gives the same bytes (SES replaces the
 * Message-ID with its own on sending; locally it identifies the file).
 *
 * Hand-written (issue 17): nodemailer's MailComposer, which built it before, was ~135 KB of the function's bundle
 * (a third of it) for features never used here (attachments, streams, DKIM, file and URL access), and the npm
 * builders that are smaller either pull in MIME type tables and polyfills or cannot encode the bodies and fix the
 * boundary. `mime-message.test.ts` parses what this writes with a real MIME parser (postal-mime) and compares
 * every header and body with its input, across non-ASCII, hostile and very long values.
 */
export function buildMimeMessage(email: Email, from: Recipient, date: Date): MimeMessage {
  const messageId = messageIdFor(email, from);
  // "=_" cannot occur in a quoted-printable body (a literal "=" is written "=3D"), so no part can contain it.
  const boundary = `=_sfe-${createHash('sha256').update(messageId).digest('hex').slice(0, 24)}`;
  const head = [
    foldHeader('From', mailbox(from, 'From')),
    foldHeader('To', mailbox(email.to, 'To')),
    foldHeader('Subject', headerText(email.subject, 'Subject')),
    `Message-ID: ${messageId}`,
    `Date: ${date.toUTCString().replace(/GMT$/, '+0000')}`,
    'MIME-Version: 1.0',
    `X-SFE-Event-Id: ${email.eventId}`,
    `X-SFE-Email-Kind: ${email.kind}`,
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
  ];
  const part = (type: string, body: string) =>
    [
      `--${boundary}`,
      `Content-Type: ${type}; charset=utf-8`,
      'Content-Transfer-Encoding: quoted-printable',
      '',
      quotedPrintable(body),
    ].join(CRLF);
  const raw = [
    ...head,
    '',
    part('text/plain', email.text),
    part('text/html', email.html),
    `--${boundary}--`,
    '',
  ].join(CRLF);
  return { messageId, from, to: email.to, raw: Buffer.from(raw, 'ascii') };
}

/** `<eventId.kind@sender-domain>`: unique per email and stable across retries of the same event. */
export function messageIdFor(email: Email, from: Recipient): string {
  const domain = from.address.slice(from.address.lastIndexOf('@') + 1);
  return `<${email.eventId}.${email.kind}@${domain}>`;
}

const CRLF = '\r\n';
/** RFC 5322's recommended line length, and the longest an RFC 2047 encoded-word may be. */
const FOLD_AT = 76;
const ENCODED_WORD_MAX = 75;
/** An `addr-spec` we can write bare: printable ASCII, one "@", none of the characters that would need quoting. */
const PLAIN_ADDRESS = /^[!#-'*+\-/-9=?A-Z^-~]+(\.[!#-'*+\-/-9=?A-Z^-~]+)*@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;
/** RFC 5322 `specials`: an ASCII display name with one of them is written as a quoted-string. */
const SPECIALS = /[()<>[\]:;@\\,."]/;

/** `Name <address>`, the name as an atom phrase, a quoted-string or encoded-words, as it needs. */
function mailbox(recipient: Recipient, field: string): string[] {
  if (!PLAIN_ADDRESS.test(recipient.address)) {
    throw new Error(
      `cannot write ${field} address ${JSON.stringify(recipient.address)}: not a plain ASCII address`,
    );
  }
  const name = singleLine(recipient.name).trim();
  if (!name) return [recipient.address];
  const address = `<${recipient.address}>`;
  if (needsEncoding(name)) return [...encodedWords(name, field), address];
  const phrase = SPECIALS.test(name) ? `"${name.replace(/[\\"]/g, '\\$&')}"` : name;
  return [...phrase.split(' '), address];
}

/** Unstructured text (the subject): as it is when plain ASCII, else encoded-words. */
function headerText(value: string, field: string): string[] {
  const text = singleLine(value);
  return needsEncoding(text) ? encodedWords(text, field) : text.split(' ');
}

/** Header values are one line: a line break in a name or subject becomes a space, so it cannot start a header. */
function singleLine(value: string): string {
  return value.replace(/[\r\n]+/g, ' ');
}

/** Non-ASCII or control characters, text a reader would take for an encoded-word, or a word too long to fold. */
function needsEncoding(value: string): boolean {
  return /[^\x20-\x7e]|=\?/.test(value) || value.split(' ').some((word) => word.length > FOLD_AT - 20);
}

/**
 * RFC 2047 "Q" encoded-words of UTF-8, each at most 75 characters and never splitting a character, the first
 * short enough to share its line with `field: ` (a line with encoded-words is at most 76 characters). Only the
 * characters RFC 2047 allows literally in a phrase (5.3) are kept, so the words are valid in names and subjects.
 */
function encodedWords(value: string, field: string): string[] {
  const prefix = '=?UTF-8?Q?';
  const wrapping = prefix.length + '?='.length;
  const words: string[] = [];
  let room = FOLD_AT - `${field}: `.length - wrapping;
  let current = '';
  for (const character of value) {
    const token =
      character === ' ' ? '_' : /^[A-Za-z0-9!*+\-/]$/.test(character) ? character : hexBytes(character);
    if (current.length + token.length > room) {
      words.push(`${prefix}${current}?=`);
      current = '';
      room = ENCODED_WORD_MAX - wrapping;
    }
    current += token;
  }
  words.push(`${prefix}${current}?=`);
  return words;
}

/** `Name: tokens` joined by spaces, folded (CRLF before a space) before a line would pass 76 characters. */
function foldHeader(name: string, tokens: readonly string[]): string {
  let header = `${name}:`;
  let lineLength = header.length;
  for (const token of tokens) {
    if (token && lineLength + 1 + token.length > FOLD_AT && lineLength > name.length + 1) {
      header += CRLF;
      lineLength = 0;
    }
    header += ` ${token}`;
    lineLength += 1 + token.length;
  }
  return header;
}

/**
 * RFC 2045 quoted-printable of UTF-8 text: each line break becomes CRLF, "=" and non-ASCII bytes are escaped,
 * spaces and tabs are escaped at a line's end, and lines are soft-broken ("=" then CRLF) to at most 76
 * characters, never inside a character's escapes.
 */
function quotedPrintable(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map(quotedPrintableLine)
    .join(CRLF);
}

/**
 * One line, folded with soft breaks (`=` CRLF) so no encoded line passes {@link FOLD_AT}. Literal characters are
 * copied in runs (one slice each, not a string per character: a body is encoded for every email sent).
 */
function quotedPrintableLine(line: string): string {
  let encoded = '';
  let current = '';
  let index = 0;
  while (index < line.length) {
    let end = index;
    while (end < line.length && isLiteral(line.charCodeAt(end), end + 1 < line.length)) end++;
    if (end > index) {
      const room = FOLD_AT - 1 - current.length;
      if (room <= 0) {
        encoded += `${current}=${CRLF}`;
        current = '';
        continue;
      }
      const taken = Math.min(end - index, room);
      current += line.slice(index, index + taken);
      index += taken;
      continue;
    }
    const code = line.codePointAt(index) ?? 0;
    const next = index + (code > 0xffff ? 2 : 1);
    const token = hexBytes(line.slice(index, next));
    if (current.length + token.length > FOLD_AT - 1) {
      encoded += `${current}=${CRLF}`;
      current = '';
    }
    current += token;
    index = next;
  }
  return encoded + current;
}

/** Written as it is: printable ASCII but "=", and a space or tab unless it ends the line. */
function isLiteral(code: number, beforeLineEnd: boolean): boolean {
  return (code >= 33 && code <= 126 && code !== 61) || ((code === 32 || code === 9) && beforeLineEnd);
}

/** `=XX` for each UTF-8 byte of a character. */
function hexBytes(character: string): string {
  // An ASCII character is one byte: from the table (an HTML body escapes every "=" of its attributes).
  const code = character.charCodeAt(0);
  if (character.length === 1 && code < 0x80) return ASCII_ESCAPES[code] as string;
  let hex = '';
  for (const byte of Buffer.from(character, 'utf8')) hex += escapeOf(byte);
  return hex;
}

const escapeOf = (byte: number) => `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
const ASCII_ESCAPES = Array.from({ length: 0x80 }, (_, byte) => escapeOf(byte));
