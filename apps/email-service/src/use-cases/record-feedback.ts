import type { SuppressionList } from '../adapters/suppression-list';
import type { SesFeedbackEvent } from '../aws-events/ses-feedback';
import { addressHash, decideFeedback } from '../domain/suppression';

/** What recording SES feedback touches: the suppression list. */
export interface RecordFeedbackDeps {
  readonly suppressions: SuppressionList;
}

/**
 * What the consumer logs about one bounce or complaint: the decision, and each address as its hash (never in
 * clear: SES events carry none of our schema marks, so the toolkit's redaction cannot know these values).
 */
export interface FeedbackOutcome {
  readonly feedback: 'bounce' | 'complaint';
  readonly decision: string;
  readonly suppressed: readonly string[];
  readonly alreadySuppressed: readonly string[];
}

/**
 * What email-service does with an SES bounce or complaint: suppress the addresses a permanent bounce or a
 * complaint names (once each: a redelivery finds them suppressed), and log a transient bounce without
 * suppressing anything.
 */
export async function recordFeedback(
  event: SesFeedbackEvent,
  deps: RecordFeedbackDeps,
): Promise<FeedbackOutcome> {
  const feedback = event.detail.eventType === 'Bounce' ? 'bounce' : 'complaint';
  const decision = decideFeedback(event);
  if (decision.action === 'ignore') {
    return { feedback, decision: `ignored: ${decision.why}`, suppressed: [], alreadySuppressed: [] };
  }
  const suppressed: string[] = [];
  const alreadySuppressed: string[] = [];
  // One address at a time: each write is conditional and idempotent, so a failure part-way is retried safely.
  for (const suppression of decision.suppressions) {
    const result = await deps.suppressions.suppress(suppression);
    (result === 'suppressed' ? suppressed : alreadySuppressed).push(addressHash(suppression.address));
  }
  return { feedback, decision: `suppressed (${feedback})`, suppressed, alreadySuppressed };
}
