import type { Logger } from '@aws-lambda-powertools/logger';
import {
  type ConsumerIdempotencyOptions,
  createConsumerHandler,
  type SqsBatchHandler,
} from '@sfe/consumer-toolkit';
import { type ClaimCheckFetcher, upgradeEvent } from '@sfe/events';
import type { TableStore } from '@sfe/records';
import { applyCount } from './adapters/reporting-store';
import { awsDeps } from './aws-deps';
import { countEvent, countedFactOf, type ReportedEvent } from './domain/count-event';
import { SERVICE_NAME } from './service-name';
import { REPORTED_EVENT_TYPES } from './subscription';

export { SERVICE_NAME };

export interface ReportingHandlerDeps {
  /** The reporting table: DynamoDB in AWS, `LocalContext.table('reporting')` locally. */
  readonly reporting: TableStore;
  readonly now: () => Date;
  readonly idempotency: ConsumerIdempotencyOptions;
  readonly fetchClaimCheck?: ClaimCheckFetcher;
  readonly logger?: Logger;
  readonly onCounted?: (event: ReportedEvent, outcome: 'counted' | 'duplicate') => void;
}

/** The SQS handler: each reported event updates the reporting tables exactly once. */
export function createHandler(deps: ReportingHandlerDeps): SqsBatchHandler {
  return createConsumerHandler({
    serviceName: SERVICE_NAME,
    accepts: REPORTED_EVENT_TYPES,
    idempotency: deps.idempotency,
    ...(deps.fetchClaimCheck ? { fetchClaimCheck: deps.fetchClaimCheck } : {}),
    ...(deps.logger ? { logger: deps.logger } : {}),
    async handle(event, { logger }) {
      const reported = upgradeEvent(event) as ReportedEvent;
      const outcome = await applyCount(deps.reporting, countEvent(reported, deps.now()));
      logger.info(outcome === 'counted' ? 'Counted in the reports' : 'Already counted: not counted again', {
        fact: countedFactOf(reported),
      });
      deps.onCounted?.(reported, outcome);
    },
  });
}

let awsHandler: SqsBatchHandler | undefined;

/** The Lambda entry point: AWS clients are created on the first invocation, not at import. */
export const handler: SqsBatchHandler = (event, context) => {
  awsHandler ??= createHandler(awsDeps());
  return awsHandler(event, context);
};
