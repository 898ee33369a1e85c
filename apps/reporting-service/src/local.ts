import { type LocalContext, localIdempotency, type SqsBatchHandler } from '@sfe/consumer-toolkit';
import { createHandler, SERVICE_NAME } from './handler';
import { LOCAL_REPORTING_TABLE } from './local-table';
import { subscriptions } from './subscription';

/**
 * The service in the local runtime: the same handler, counting into the local store's `reporting` table
 * (read it with `pnpm sfe report`).
 */
export function createLocalHandlers(context: LocalContext): Record<string, SqsBatchHandler> {
  const handler = createHandler({
    reporting: context.table(LOCAL_REPORTING_TABLE),
    now: context.now,
    idempotency: localIdempotency(context),
    fetchClaimCheck: context.fetchClaimCheck,
    onCounted: (event, outcome) =>
      context.report(
        `${SERVICE_NAME}: ${event.metadata.type} ${outcome === 'counted' ? 'counted' : 'already counted, skipped'}`,
      ),
  });
  return Object.fromEntries(subscriptions.map((subscription) => [subscription.id, handler]));
}
