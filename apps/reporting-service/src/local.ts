import { type LocalContext, localIdempotency } from '@sfe/consumer-toolkit';
import { createTableReader } from '@sfe/platform-client';
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
    // What the platform API answers (its own reader) over the local platform table: `pnpm dev` also serves the
    // API's paths over HTTP, but a handler must not depend on the server being up (tests, in-process runs).
    platform: createTableReader(context.platformTable),
    now: context.now,
    idempotency: localIdempotency(context, env.IDEMPOTENCY_TABLE_NAME),
    fetchClaimCheck: context.fetchClaimCheck,
    onCounted: (event, outcome) =>
      context.report(`${SERVICE_NAME}: ${event.metadata.type} ${OUTCOME_LINES[outcome]}`),
  });
  return { handlers: { [reportedEventsSubscription.id]: handler } };
}

const OUTCOME_LINES = {
  counted: 'counted',
  duplicate: 'already counted, skipped',
  skipped: 'not counted (its current state says so)',
} as const;
