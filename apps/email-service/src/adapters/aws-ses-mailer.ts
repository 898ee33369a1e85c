import { type SESClient, SendRawEmailCommand } from '@aws-sdk/client-ses';
import type { Recipient } from '../domain/email';
import type { Mailer } from './mailer';
import { buildMimeMessage } from './mime-message';

export interface SesMailerOptions {
  readonly client: SESClient;
  /** The verified SES identity's address and the display name shown to learners. */
  readonly from: Recipient;
  /** Optional SES configuration set (event publishing for bounces and complaints). */
  readonly configurationSetName?: string;
  readonly now: () => Date;
}

/**
 * Sends with SES v1 `SendRawEmail` rather than `SendEmail`: we build the MIME once (MailComposer) and SES gets
 * the same bytes the local outbox shows, so headers, encodings and escaping are tested where they are made.
 * (SES overwrites Message-ID and Date with its own on acceptance.)
 */
export function createSesMailer(options: SesMailerOptions): Mailer {
  return {
    async send(email) {
      const message = await buildMimeMessage(email, options.from, options.now());
      const response = await options.client.send(
        new SendRawEmailCommand({
          Source: options.from.address,
          Destinations: [message.to.address],
          RawMessage: { Data: message.raw },
          ConfigurationSetName: options.configurationSetName,
        }),
      );
      if (!response.MessageId)
        throw new Error(`SES accepted ${email.kind} for ${email.eventId} without a MessageId`);
      return { messageId: response.MessageId, location: `ses:${response.MessageId}` };
    },
  };
}
