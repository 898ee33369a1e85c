import type { ConsumerContext } from '@sfe/consumer-toolkit';
import type { PlatformReader } from '@sfe/platform-client';
import type { Mailer } from '../adapters/mailer';
import type { SuppressionList } from '../adapters/suppression-list';
import { composeEmail, type EmailEvent } from '../domain/compose-email';
import { addressHash } from '../domain/suppression';
import type { EmailConfig } from '../env';

/** The metric (count, per batch) of emails not sent because their address is on the suppression list. */
export const SUPPRESSED_SKIPPED_METRIC = 'SuppressedEmailsSkipped';

/** What sending an email touches: SES in AWS, an outbox locally; the platform API for the learner. */
export interface SendEmailDeps {
  readonly config: EmailConfig;
  readonly mailer: Mailer;
  /** The platform API: is the learner still active? (Signed HTTP client in AWS, the runtime's API locally.) */
  readonly platform: PlatformReader;
  /** Addresses SES reported as permanently bouncing or complaining: never mailed again. */
  readonly suppressions: SuppressionList;
}

/** What was sent, for the record's `Handled event` line. */
export interface SentEmail {
  readonly emailKind: string;
  readonly messageId: string;
  readonly location: string;
}

/**
 * What email-service does with an event: mail the learner it concerns, if they are still active and their
 * address is not suppressed. Returns what it sent (the consumer logs it with the record); a skip logs why.
 */
export async function sendEmail(
  event: EmailEvent,
  { logger, count }: ConsumerContext,
  deps: SendEmailDeps,
): Promise<SentEmail | undefined> {
  // Called back before anything else: an event processed late (a retry, a redrive, a replay) must not mail
  // a learner deactivated meanwhile. If the call-back fails, the record fails with nothing sent and is retried.
  const { userId } = event.data as { userId: string };
  const learner = await deps.platform.getUser(userId);
  if (learner?.status !== 'active') {
    logger.info('Not sent: the learner is not active', { userId, status: learner?.status ?? 'unknown' });
    return undefined;
  }
  const email = composeEmail(event, { settings: deps.config.settings });
  // Handled, not failed: mailing a bounced or complaining address again harms the sender's reputation, and
  // retrying cannot change the answer. The address is logged as its hash only.
  const suppression = await deps.suppressions.find(email.to.address);
  if (suppression) {
    count(SUPPRESSED_SKIPPED_METRIC);
    logger.info('Not sent: the address is suppressed', {
      emailKind: email.kind,
      reason: suppression.reason,
      suppressedAt: suppression.suppressedAt,
      address: addressHash(email.to.address),
    });
    return undefined;
  }
  const sent = await deps.mailer.send(email);
  return { emailKind: email.kind, messageId: sent.messageId, location: sent.location };
}
