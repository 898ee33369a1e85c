import type { Logger } from '@aws-lambda-powertools/logger';
import {
  type ConsumerContext,
  type ConsumerIdempotencyOptions,
  createConsumerHandler,
  type SqsBatchHandler,
} from '@sfe/consumer-toolkit';
import type { ClaimCheckFetcher } from '@sfe/events';
import type { PlatformReader } from '@sfe/platform-client';
import type { Mailer } from './adapters/mailer';
import { awsDeps } from './aws-deps';
import { composeEmail, type EmailEvent } from './domain/compose-email';
import type { EmailConfig } from './env';
import { SERVICE_NAME } from './service-name';
import { EMAIL_EVENT_TYPES } from './subscription';

/** Everything the handler touches, injected: SES in AWS, an outbox locally. */
export interface EmailDeps {
  readonly config: EmailConfig;
  readonly mailer: Mailer;
  readonly idempotency: ConsumerIdempotencyOptions;
  /** The platform API: is the learner still active? (Signed HTTP client in AWS, the runtime's API locally.) */
  readonly platform: PlatformReader;
  readonly now: () => Date;
  readonly fetchClaimCheck?: ClaimCheckFetcher;
  readonly logger?: Logger;
}

/**
 * The SQS handler for `learner-emails`: one email per event, never two for the same event id (Powertools
 * idempotency on `metadata.id`); a bad record fails alone and reaches the DLQ after maxReceiveCount.
 */
export function createHandler(deps: EmailDeps): SqsBatchHandler {
  return createConsumerHandler({
    serviceName: SERVICE_NAME,
    accepts: EMAIL_EVENT_TYPES,
    idempotency: deps.idempotency,
    fetchClaimCheck: deps.fetchClaimCheck,
    logger: deps.logger,
    handle: (event, context) => sendEmailFor(event, context, deps),
  });
}

async function sendEmailFor(event: EmailEvent, { logger }: ConsumerContext, deps: EmailDeps): Promise<void> {
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

let lambdaHandler: SqsBatchHandler | undefined;

/** The Lambda entry point: AWS clients are built on the first invocation, not when a test imports this file. */
export const handler: SqsBatchHandler = (event, context) => {
  lambdaHandler ??= createHandler(awsDeps());
  return lambdaHandler(event, context);
};
