import { type LocalContext, localIdempotency } from '@sfe/consumer-toolkit';
import type { LocalService } from '@sfe/service-definition';
import type { ReportingEnv } from './env';
import { createHandler, SERVICE_NAME } from './handler';
import { reportedEventsSubscription } from './subscription';

/**
 * The service in the local runtime: the same handler, counting into the local store's `reporting` table
 * (read it with `pnpm sfe report`).
 */
export function createLocalService(context: LocalContext, env: ReportingEnv): LocalService {
  const handler = createHandler({
    reporting: context.table(env.REPORTING_TABLE_NAME),
    now: context.now,
    idempotency: localIdempotency(context, env.IDEMPOTENCY_TABLE_NAME),
    fetchClaimCheck: context.fetchClaimCheck,
    onCounted: (event, outcome) =>
      context.report(
        `${SERVICE_NAME}: ${event.metadata.type} ${outcome === 'counted' ? 'counted' : 'already counted, skipped'}`,
      ),
  });
  return { handlers: { [reportedEventsSubscription.id]: handler } };
}
