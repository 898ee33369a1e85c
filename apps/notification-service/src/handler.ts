import type { Logger } from '@aws-lambda-powertools/logger';
import { createAwsEventConsumer, createConsumerHandler, type SqsBatchHandler } from '@sfe/consumer-toolkit';
import type { ClaimCheckFetcher } from '@sfe/events';
import { AlarmStateChangeEventSchema } from './aws-events/alarm-state-change';
import { SERVICE_NAME } from './service-name';
import { NOTIFICATION_EVENT_TYPES, opsAlarms, teamNotifications } from './subscription';
import { createNotifyOps } from './use-cases/notify-ops';
import { createNotifyTeam, type NotifyTeamDeps } from './use-cases/notify-team';

/** Everything the handlers touch, injected: what notifying needs, plus the toolkit's parts. */
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

/**
 * The SQS handler for `ops-alarms`: each record must be a CloudWatch "Alarm State Change" event as AWS sends
 * it (anything else fails alone, naming what came), posted once per ops channel (idempotent on its event id).
 */
export function createOpsAlarmsHandler(
  deps: NotificationDeps & { readonly logger: Logger },
): SqsBatchHandler {
  return createAwsEventConsumer({
    serviceName: SERVICE_NAME,
    eventName: 'CloudWatch Alarm State Change',
    schema: AlarmStateChangeEventSchema,
    handle: createNotifyOps(deps, deps.logger),
    logger: deps.logger,
  });
}

/** Both handlers, by subscription id (the local runtime and the Lambda entry points use these). */
export function createHandlers(
  deps: NotificationDeps & { readonly logger: Logger },
): Record<string, SqsBatchHandler> {
  return { [teamNotifications.id]: createHandler(deps), [opsAlarms.id]: createOpsAlarmsHandler(deps) };
}

// Built on the first invocation, not when a test imports this file.
let lambdaHandlers: Promise<Record<string, SqsBatchHandler>> | undefined;

function lambdaHandler(id: string): SqsBatchHandler {
  return async (event, context) => {
    lambdaHandlers ??= import('./aws-deps').then(({ awsDeps }) => createHandlers(awsDeps()));
    const handle = (await lambdaHandlers)[id];
    if (!handle) throw new Error(`notification-service has no handler for subscription "${id}"`);
    return handle(event, context);
  };
}

/** The Lambda entry points, one per subscription (the stack points each function at its own). */
export const handler = lambdaHandler(teamNotifications.id);
export const opsAlarmsHandler = lambdaHandler(opsAlarms.id);

/** Which export each subscription's function runs. */
export const HANDLER_EXPORTS: Readonly<Record<string, string>> = {
  [teamNotifications.id]: 'handler',
  [opsAlarms.id]: 'opsAlarmsHandler',
};
