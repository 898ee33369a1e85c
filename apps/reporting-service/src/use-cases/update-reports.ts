import type { ConsumerContext } from '@sfe/consumer-toolkit';
import type { PlatformReader } from '@sfe/platform-client';
import type { TableStore } from '@sfe/records';
import { applyCount } from '../adapters/reporting-store';
import { type CurrentState, countedFactOf, planCount, type ReportedEvent } from '../domain/count-event';

/** What updating the reports touches. */
export interface UpdateReportsDeps {
  /** The reporting table: DynamoDB in AWS, `LocalContext.table('reporting')` locally. */
  readonly reporting: TableStore;
  /** The platform API (call-backs for light events): the signed HTTP client in AWS, the runtime's API locally. */
  readonly platform: PlatformReader;
  readonly now: () => Date;
  readonly onCounted?: (event: ReportedEvent, outcome: 'counted' | 'duplicate' | 'skipped') => void;
}

/** What reporting-service does with an event: update the reporting tables exactly once. */
export async function updateReports(
  reported: ReportedEvent,
  { logger }: ConsumerContext,
  deps: UpdateReportsDeps,
): Promise<void> {
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
}

/** A light event's subject as it is now: the payment of a PaymentCompleted; nothing for rich events. */
async function currentStateOf(event: ReportedEvent, platform: PlatformReader): Promise<CurrentState> {
  if (event.metadata.type !== 'PaymentCompleted') return {};
  const { userId, paymentId } = event.data as { userId: string; paymentId: string };
  const payment = await platform.getPayment(userId, paymentId);
  return payment ? { payment } : {};
}
