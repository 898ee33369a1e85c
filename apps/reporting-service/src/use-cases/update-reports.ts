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

/** What counting did with the event's fact, for the record's `Handled event` line. */
export interface CountOutcome {
  readonly fact: string;
  readonly outcome: 'counted' | 'already counted';
}

/**
 * What reporting-service does with an event: update the reporting tables exactly once. Returns what it did
 * (the consumer logs it with the record); a skip logs why.
 */
export async function updateReports(
  reported: ReportedEvent,
  { logger }: ConsumerContext,
  deps: UpdateReportsDeps,
): Promise<CountOutcome | undefined> {
  // The call-back comes first: if it fails, the record fails with nothing written, and SQS retries it.
  const plan = planCount(reported, deps.now(), await currentStateOf(reported, deps.platform));
  const fact = countedFactOf(reported);
  if (plan.kind === 'skip') {
    logger.info('Not counted', { fact, reason: plan.reason });
    deps.onCounted?.(reported, 'skipped');
    return undefined;
  }
  const outcome = await applyCount(deps.reporting, plan.writes);
  deps.onCounted?.(reported, outcome);
  return { fact, outcome: outcome === 'counted' ? 'counted' : 'already counted' };
}

/** A light event's subject as it is now: the payment of a PaymentCompleted; nothing for rich events. */
async function currentStateOf(event: ReportedEvent, platform: PlatformReader): Promise<CurrentState> {
  if (event.metadata.type !== 'PaymentCompleted') return {};
  const { userId, paymentId } = event.data as { userId: string; paymentId: string };
  const payment = await platform.getPayment(userId, paymentId);
  return payment ? { payment } : {};
}
