import type { PutEventsEntry } from '@sfe/events';

/** One entry EventBridge did not accept, by its index in the request. */
export interface FailedEntry {
  readonly index: number;
  readonly errorCode: string;
  readonly errorMessage: string;
}

/**
 * Publishes one PutEvents request (at most 10 entries, within the size limit). Resolves with the entries that
 * were rejected; throws only when the whole request failed. The AWS implementation wraps EventBridge; the
 * local runtime supplies its own bus behind the same interface.
 */
export interface EventPublisher {
  putEvents(entries: readonly PutEventsEntry[]): Promise<{ readonly failed: readonly FailedEntry[] }>;
}
