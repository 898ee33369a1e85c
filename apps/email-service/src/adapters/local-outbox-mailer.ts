import { createOutboxFiles } from '@sfe/consumer-toolkit';
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

/**
 * Writes each email as `<time>-<kind>-<eventId>.eml` (sorted by time), atomically; the same email for the same
 * event again replaces its file, so the outbox holds one file per email sent.
 */
export function createOutboxMailer(options: OutboxMailerOptions): Mailer {
  const files = createOutboxFiles(options);
  return {
    async send(email) {
      const date = options.now();
      const message = buildMimeMessage(email, options.from, date);
      const path = await files.write(email.kind, email.eventId, 'eml', message.raw);
      options.report?.(`email-service: ${email.kind} to ${email.to.address} -> ${path}`);
      return { messageId: message.messageId, location: path };
    },
  };
}
