import type { Logger } from '@aws-lambda-powertools/logger';
import { createConsumerHandler, type SqsBatchHandler } from '@sfe/consumer-toolkit';
import type { ClaimCheckFetcher } from '@sfe/events';
import { awsDeps } from './aws-deps';
import { SERVICE_NAME } from './service-name';
import { NOTIFICATION_EVENT_TYPES } from './subscription';
import { createNotifyTeam, type NotifyTeamDeps } from './use-cases/notify-team';

/** Everything the handler touches, injected: what notifying the team needs, plus the toolkit's parts. */
export interface NotificationDeps extends NotifyTeamDeps {
  readonly fetchClaimCheck?: ClaimCheckFetcher;
  readonly logger?: Logger;
}

/**
 * The SQS handler for `team-notifications`, a thin adapter: the toolkit parses, validates and de-duplicates
 * each record, the use case posts it; a bad record fails alone and reaches the DLQ after maxReceiveCount.
 */
export function createHandler(deps: NotificationDeps): SqsBatchHandler {
  return createConsumerHandler({
    serviceName: SERVICE_NAME,
    accepts: NOTIFICATION_EVENT_TYPES,
    idempotency: { persistenceStore: deps.newPersistenceStore() },
    fetchClaimCheck: deps.fetchClaimCheck,
    logger: deps.logger,
    handle: createNotifyTeam(deps),
  });
}

let lambdaHandler: SqsBatchHandler | undefined;

/** The Lambda entry point: AWS clients are built on the first invocation, not when a test imports this file. */
export const handler: SqsBatchHandler = (event, context) => {
  lambdaHandler ??= createHandler(awsDeps());
  return lambdaHandler(event, context);
};
