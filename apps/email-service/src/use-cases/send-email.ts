import type { ConsumerContext } from '@sfe/consumer-toolkit';
import type { PlatformReader } from '@sfe/platform-client';
import type { Mailer } from '../adapters/mailer';
import { composeEmail, type EmailEvent } from '../domain/compose-email';
import type { EmailConfig } from '../env';

/** What sending an email touches: SES in AWS, an outbox locally; the platform API for the learner. */
export interface SendEmailDeps {
  readonly config: EmailConfig;
  readonly mailer: Mailer;
  /** The platform API: is the learner still active? (Signed HTTP client in AWS, the runtime's API locally.) */
  readonly platform: PlatformReader;
}

/** What email-service does with an event: mail the learner it concerns, if they are still active. */
export async function sendEmail(
  event: EmailEvent,
  { logger }: ConsumerContext,
  deps: SendEmailDeps,
): Promise<void> {
  // Called back before anything else: an event processed late (a retry, a redrive, a replay) must not mail
  // a learner deactivated meanwhile. If the call-back fails, the record fails with nothing sent and is retried.
  const { userId } = event.data as { userId: string };
  const learner = await deps.platform.getUser(userId);
  if (learner?.status !== 'active') {
    logger.info('Not sent: the learner is not active', { userId, status: learner?.status ?? 'unknown' });
    return;
  }
  const email = composeEmail(event, { settings: deps.config.settings });
  const sent = await deps.mailer.send(email);
  logger.info('Sent email', { emailKind: email.kind, messageId: sent.messageId, location: sent.location });
}
