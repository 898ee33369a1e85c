import { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import {
  type ConsumerIdempotencyOptions,
  createAwsEventConsumer,
  createConsumerHandler,
  type SqsBatchHandler,
} from '@sfe/consumer-toolkit';
import type { ClaimCheckFetcher } from '@sfe/events';
import { SesFeedbackEventSchema } from './aws-events/ses-feedback';
import { SERVICE_NAME } from './service-name';
import { EMAIL_EVENT_TYPES, learnerEmails, SES_FEEDBACK_ID } from './subscription';
import { recordFeedback } from './use-cases/record-feedback';
import { type SendEmailDeps, sendEmail } from './use-cases/send-email';

/** Everything the handlers touch, injected: what sending needs, plus the toolkit's parts. */
export interface EmailDeps extends SendEmailDeps {
  readonly idempotency: ConsumerIdempotencyOptions;
  readonly fetchClaimCheck?: ClaimCheckFetcher;
  readonly logger?: Logger;
  /** Where the batch counts go (processed, duplicates, suppressed skips); Powertools Metrics by default. */
  readonly metrics?: Metrics;
}

/** What the ses-feedback handler touches: the suppression list. */
export type FeedbackDeps = Pick<EmailDeps, 'suppressions' | 'logger'>;

/**
 * The SQS handler for `learner-emails`, a thin adapter: one email per event, never two for the same event id
 * (Powertools idempotency on `metadata.id`); a bad record fails alone and reaches the DLQ after maxReceiveCount.
 */
export function createHandler(deps: EmailDeps): SqsBatchHandler {
  return createConsumerHandler({
    serviceName: SERVICE_NAME,
    accepts: EMAIL_EVENT_TYPES,
    idempotency: deps.idempotency,
    fetchClaimCheck: deps.fetchClaimCheck,
    logger: deps.logger,
    metrics: deps.metrics,
    handle: (event, context) => sendEmail(event, context, deps),
  });
}

/**
 * The SQS handler for `ses-feedback`: each record must be an SES "Email Bounced" or "Email Complaint Received"
 * event as AWS sends it (anything else fails alone, naming what came, and reaches the DLQ); permanent bounces
 * and complaints suppress their addresses, idempotently (a conditional write per address).
 */
export function createSesFeedbackHandler(deps: FeedbackDeps): SqsBatchHandler {
  return createAwsEventConsumer({
    serviceName: SERVICE_NAME,
    eventName: 'SES bounce or complaint',
    schema: SesFeedbackEventSchema,
    handle: async (event) => ({ ...(await recordFeedback(event, deps)) }),
    logger: deps.logger ?? new Logger({ serviceName: SERVICE_NAME }),
  });
}

/** Both handlers, by subscription id (the local runtime and the Lambda entry points use these). */
export function createHandlers(deps: EmailDeps): Record<string, SqsBatchHandler> {
  return { [learnerEmails.id]: createHandler(deps), [SES_FEEDBACK_ID]: createSesFeedbackHandler(deps) };
}

// Each function builds only what its subscription needs, on its first invocation (not when a test imports
// this file): the feedback function has no platform API to call back and no SES to send through.
let sendingHandler: SqsBatchHandler | undefined;
let feedbackHandler: SqsBatchHandler | undefined;

/** The Lambda entry points, one per subscription (the stack points each function at its own). */
export const handler: SqsBatchHandler = async (event, context) => {
  sendingHandler ??= createHandler((await import('./aws-deps')).awsDeps());
  return sendingHandler(event, context);
};
export const sesFeedbackHandler: SqsBatchHandler = async (event, context) => {
  feedbackHandler ??= createSesFeedbackHandler((await import('./aws-deps')).awsFeedbackDeps());
  return feedbackHandler(event, context);
};

/** Which export each subscription's function runs. */
export const HANDLER_EXPORTS: Readonly<Record<string, string>> = {
  [learnerEmails.id]: 'handler',
  [SES_FEEDBACK_ID]: 'sesFeedbackHandler',
};
