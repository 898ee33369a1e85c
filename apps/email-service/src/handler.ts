import type { Logger } from '@aws-lambda-powertools/logger';
import {
  type ConsumerIdempotencyOptions,
  createConsumerHandler,
  type SqsBatchHandler,
} from '@sfe/consumer-toolkit';
import type { ClaimCheckFetcher } from '@sfe/events';
import { awsDeps } from './aws-deps';
import { SERVICE_NAME } from './service-name';
import { EMAIL_EVENT_TYPES } from './subscription';
import { type SendEmailDeps, sendEmail } from './use-cases/send-email';

/** Everything the handler touches, injected: what sending needs, plus the toolkit's parts. */
export interface EmailDeps extends SendEmailDeps {
  readonly idempotency: ConsumerIdempotencyOptions;
  readonly fetchClaimCheck?: ClaimCheckFetcher;
  readonly logger?: Logger;
}

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
    handle: (event, context) => sendEmail(event, context, deps),
  });
}

let lambdaHandler: SqsBatchHandler | undefined;

/** The Lambda entry point: AWS clients are built on the first invocation, not when a test imports this file. */
export const handler: SqsBatchHandler = (event, context) => {
  lambdaHandler ??= createHandler(awsDeps());
  return lambdaHandler(event, context);
};
