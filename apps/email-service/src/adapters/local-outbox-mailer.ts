import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Recipient } from '../domain/email';
import type { Mailer } from './mailer';
import { buildMimeMessage } from './mime-message';

export interface OutboxMailerOptions {
  /** A directory a person opens: each email is one `.eml` file any mail client reads. */
  readonly directory: string;
  readonly from: Recipient;
  readonly now: () => Date;
  readonly report?: (line: string) => void;
}

/** Writes each email as `<time>-<kind>-<eventId>.eml` (sorted by time), atomically. */
export function createOutboxMailer(options: OutboxMailerOptions): Mailer {
  return {
    async send(email) {
      const date = options.now();
      const message = await buildMimeMessage(email, options.from, date);
      await mkdir(options.directory, { recursive: true });
      const stamp = date.toISOString().replace(/[:.]/g, '-');
      const path = join(options.directory, `${stamp}-${email.kind}-${email.eventId}.eml`);
      const temporary = `${path}.tmp`;
      await writeFile(temporary, message.raw);
      await rename(temporary, path);
      options.report?.(`email-service: ${email.kind} to ${email.to.address} -> ${path}`);
      return { messageId: message.messageId, location: path };
    },
  };
}
