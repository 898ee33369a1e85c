import type { Email } from '../domain/email';

/** Delivers one composed email: SES in AWS, an `.eml` file in a local outbox. */
export interface Mailer {
  send(email: Email): Promise<SentEmail>;
}

export interface SentEmail {
  /** SES's message id in AWS; the Message-ID header locally. */
  readonly messageId: string;
  /** Where a person can look: the SES message id again, or the `.eml` path. */
  readonly location: string;
}
