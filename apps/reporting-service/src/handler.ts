import type { Logger } from '@aws-lambda-powertools/logger';
import {
  type ConsumerIdempotencyOptions,
  createConsumerHandler,
  type SqsBatchHandler,
} from '@sfe/consumer-toolkit';
import { type ClaimCheckFetcher, upgradeEvent } from '@sfe/events';
import type { PlatformReader } from '@sfe/platform-client';
import type { TableStore } from '@sfe/records';
import { applyCount } from './adapters/reporting-store';
import { awsDeps } from './aws-deps';
import { type CurrentState, countedFactOf, planCount, type ReportedEvent } from './domain/count-event';
import { SERVICE_NAME } from './service-name';
import { REPORTED_EVENT_TYPES } from './subscription';

export { SERVICE_NAME };

export interface ReportingHandlerDeps {
  /** The reporting table: DynamoDB in AWS, `LocalContext.table('reporting')` locally. */
  readonly reporting: TableStore;
  /** The platform API (call-backs for light events): the signed HTTP client in AWS, the runtime's API locally. */
  readonly platform: PlatformReader;
  readonly now: () => Date;
  readonly idempotency: ConsumerIdempotencyOptions;
  readonly fetchClaimCheck?: ClaimCheckFetcher;
  readonly logger?: Logger;
  readonly onCounted?: (event: ReportedEvent, outcome: 'counted' | 'duplicate' | 'skipped') => void;
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
      // The call-back comes first: if it fails, the record fails with nothing written, and SQS retries it.
      const plan = planCount(reported, deps.now(), await currentStateOf(reported, deps.platform));
      const fact = countedFactOf(reported);
      if (plan.kind === 'skip') {
        logger.info('Not counted', { fact, reason: plan.reason });
        deps.onCounted?.(reported, 'skipped');
        return;
      }
      const outcome = await applyCount(deps.reporting, plan.writes);
      logger.info(outcome === 'counted' ? 'Counted in the reports' : 'Already counted: not counted again', {
        fact,
      });
      deps.onCounted?.(reported, outcome);
    },
  });
}

/** A light event's subject as it is now: the payment of a PaymentCompleted; nothing for rich events. */
async function currentStateOf(event: ReportedEvent, platform: PlatformReader): Promise<CurrentState> {
  if (event.metadata.type !== 'PaymentCompleted') return {};
  const { userId, paymentId } = event.data as { userId: string; paymentId: string };
  const payment = await platform.getPayment(userId, paymentId);
  return payment ? { payment } : {};
}

let awsHandler: SqsBatchHandler | undefined;

/** The Lambda entry point: AWS clients are created on the first invocation, not at import. */
export const handler: SqsBatchHandler = (event, context) => {
  awsHandler ??= createHandler(awsDeps());
  return awsHandler(event, context);
};
