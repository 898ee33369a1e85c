import { createHash } from 'node:crypto';
import type { SesFeedbackEvent } from '../aws-events/ses-feedback';

/** Why an address is suppressed: SES reported a permanent bounce, or the recipient complained. */
export type SuppressionReason = 'bounce' | 'complaint';

/** One suppressed address, as the suppression list records it. */
export interface Suppression {
  /** Normalised ({@link normaliseAddress}): the list's key. */
  readonly address: string;
  readonly reason: SuppressionReason;
  /** SES's id of the bounce or complaint notification (`feedbackId`). */
  readonly feedbackId: string;
  /** SES's id of the email that bounced or was complained about (`mail.messageId`). */
  readonly messageId: string;
  /** When SES saw the bounce or complaint (its `timestamp`). */
  readonly suppressedAt: string;
}

/** What to do with one SES feedback event. */
export type FeedbackDecision =
  | { readonly action: 'suppress'; readonly suppressions: readonly Suppression[] }
  /** A bounce that is not permanent: the address may work again, so nothing is suppressed. */
  | { readonly action: 'ignore'; readonly why: string };

/**
 * The key an address is suppressed under: trimmed and lower-cased. (Strictly the local part is case-sensitive,
 * but no mail provider treats it so, and SES reports the address as it was sent, with whatever case a learner
 * typed at sign-up.)
 */
export function normaliseAddress(address: string): string {
  return address.trim().toLowerCase();
}

/**
 * A stable stand-in for an address in log lines (`sha256:` and the first 16 hex digits of the normalised
 * address's SHA-256): lines about the same address can be matched, and the address is never printed.
 */
export function addressHash(address: string): string {
  return `sha256:${createHash('sha256').update(normaliseAddress(address)).digest('hex').slice(0, 16)}`;
}

/**
 * Decides what an SES bounce or complaint means for the suppression list: a permanent bounce suppresses every
 * bounced recipient, a complaint every complaining recipient; a transient or undetermined bounce suppresses
 * nobody (SES retried and gave up this time; the next email may arrive).
 */
export function decideFeedback(event: SesFeedbackEvent): FeedbackDecision {
  const { detail } = event;
  if (detail.eventType === 'Bounce') {
    const { bounce } = detail;
    if (bounce.bounceType !== 'Permanent') {
      return {
        action: 'ignore',
        why: `${bounce.bounceType} bounce (${bounce.bounceSubType}): the address may accept mail again`,
      };
    }
    return {
      action: 'suppress',
      suppressions: suppressionsOf(bounce.bouncedRecipients, 'bounce', bounce, detail.mail.messageId),
    };
  }
  const { complaint } = detail;
  return {
    action: 'suppress',
    suppressions: suppressionsOf(
      complaint.complainedRecipients,
      'complaint',
      complaint,
      detail.mail.messageId,
    ),
  };
}

function suppressionsOf(
  recipients: readonly { readonly emailAddress: string }[],
  reason: SuppressionReason,
  feedback: { readonly feedbackId: string; readonly timestamp: string },
  messageId: string,
): Suppression[] {
  // One entry per address: a recipient listed twice (or in two cases) is one suppression.
  const addresses = [...new Set(recipients.map((recipient) => normaliseAddress(recipient.emailAddress)))];
  return addresses.map((address) => ({
    address,
    reason,
    feedbackId: feedback.feedbackId,
    messageId,
    suppressedAt: feedback.timestamp,
  }));
}
