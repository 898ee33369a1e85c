import type { Logger } from '@aws-lambda-powertools/logger';
import {
  type ConsumerIdempotencyOptions,
  createConsumerHandler,
  type SqsBatchHandler,
} from '@sfe/consumer-toolkit';
import { type ClaimCheckFetcher, upgradeEvent } from '@sfe/events';
import { awsDeps } from './aws-deps';
import type { ReportedEvent } from './domain/count-event';
import { SERVICE_NAME } from './service-name';
import { REPORTED_EVENT_TYPES } from './subscription';
import { type UpdateReportsDeps, updateReports } from './use-cases/update-reports';

export { SERVICE_NAME };

/** Everything the handler touches, injected: what counting needs, plus the toolkit's parts. */
export interface ReportingHandlerDeps extends UpdateReportsDeps {
  readonly idempotency: ConsumerIdempotencyOptions;
  readonly fetchClaimCheck?: ClaimCheckFetcher;
  readonly logger?: Logger;
}

/** The SQS handler, a thin adapter: the toolkit parses, validates and de-duplicates; the use case counts. */
export function createHandler(deps: ReportingHandlerDeps): SqsBatchHandler {
  return createConsumerHandler({
    serviceName: SERVICE_NAME,
    accepts: REPORTED_EVENT_TYPES,
    idempotency: deps.idempotency,
    ...(deps.fetchClaimCheck ? { fetchClaimCheck: deps.fetchClaimCheck } : {}),
    ...(deps.logger ? { logger: deps.logger } : {}),
    handle: (event, context) => updateReports(upgradeEvent(event) as ReportedEvent, context, deps),
  });
}

let awsHandler: SqsBatchHandler | undefined;

/** The Lambda entry point: AWS clients are created on the first invocation, not at import. */
export const handler: SqsBatchHandler = (event, context) => {
  awsHandler ??= createHandler(awsDeps());
  return awsHandler(event, context);
};
