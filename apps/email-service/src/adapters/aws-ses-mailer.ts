import { type AwsQueryClient, xmlElement } from '@sfe/aws-fetch';
import type { Recipient } from '../domain/email';
import type { Mailer } from './mailer';
import { buildMimeMessage } from './mime-message';

export interface SesMailerOptions {
  /** SES v1 through `@sfe/aws-fetch` (`createAwsQueryClient(SES, { region })`), not the SDK's SES client. */
  readonly client: AwsQueryClient;
  /** The verified SES identity's address and the display name shown to learners. */
  readonly from: Recipient;
  /** Optional SES configuration set (event publishing for bounces and complaints). */
  readonly configurationSetName?: string;
  readonly now: () => Date;
}

/**
 * Sends with SES v1 `SendRawEmail` rather than `SendEmail`: we build the MIME once (`buildMimeMessage`) and SES gets
 * the same bytes the local outbox shows, so headers, encodings and escaping are tested where they are made.
 * (SES overwrites Message-ID and Date with its own on acceptance.) One signed query-protocol request through
 * `@sfe/aws-fetch`: the SDK's SES client was ~150 KB of this function's bundle with its smithy runtime.
 */
export function createSesMailer(options: SesMailerOptions): Mailer {
  return {
    async send(email) {
      const message = buildMimeMessage(email, options.from, options.now());
      const answer = await options.client.call('SendRawEmail', {
        Source: options.from.address,
        'Destinations.member.1': message.to.address,
        'RawMessage.Data': message.raw.toString('base64'),
        ConfigurationSetName: options.configurationSetName,
      });
      const messageId = xmlElement(answer, 'MessageId');
      if (!messageId) throw new Error(`SES accepted ${email.kind} for ${email.eventId} without a MessageId`);
      return { messageId, location: `ses:${messageId}` };
    },
  };
}
