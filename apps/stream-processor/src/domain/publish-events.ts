import type { PutEventsEntry } from '@sfe/events';
import type { EventPublisher } from '../adapters/event-publisher';
import { type ChunkLimits, chunkEntries } from './chunk-entries';

/** How hard to try before an entry counts as failed. */
export interface RetryPolicy {
  /** Attempts per entry, the first included (default 4). */
  readonly maxAttempts?: number;
  /** Backoff before attempt n+1 is random in [0, min(maxDelayMs, baseDelayMs * 2^(n-1))) ("full jitter"). */
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
}

export interface PublishEntriesOptions extends RetryPolicy {
  readonly publisher: EventPublisher;
  /** Waits between attempts; injected so tests do not wait. */
  readonly sleep: (ms: number) => Promise<void>;
  /** A number in [0, 1) for the jitter; injected so tests are deterministic. */
  readonly random: () => number;
  /** PutEvents requests in flight at once (default 8). */
  readonly concurrency?: number;
  readonly limits?: ChunkLimits;
}

/** An entry still rejected after every attempt, with EventBridge's last word on it. */
export interface EntryFailure {
  readonly index: number;
  readonly errorCode: string;
  readonly errorMessage: string;
  readonly attempts: number;
}

export const DEFAULT_RETRY_POLICY = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 2_000 } as const;

/**
 * Publishes entries in PutEvents chunks, retrying only the entries that failed (rejected one by one through
 * `FailedEntryCount`, or with their whole request) with exponential backoff and full jitter, a bounded number
 * of times. Resolves with what still failed, by index into `entries`; never throws for a publishing failure.
 */
export async function publishEntries(
  entries: readonly PutEventsEntry[],
  options: PublishEntriesOptions,
): Promise<EntryFailure[]> {
  const maxAttempts = options.maxAttempts ?? DEFAULT_RETRY_POLICY.maxAttempts;
  let pending = entries.map((_, index) => index);
  let failures: EntryFailure[] = [];
  for (let attempt = 1; pending.length > 0; attempt++) {
    failures = await publishOnce(entries, pending, attempt, options);
    if (failures.length === 0 || attempt >= maxAttempts) break;
    await options.sleep(backoffDelay(attempt, options));
    pending = failures.map((failure) => failure.index);
  }
  return failures;
}

/** The full-jitter delay before the attempt after `attempt`. */
export function backoffDelay(attempt: number, options: RetryPolicy & { random: () => number }): number {
  const base = options.baseDelayMs ?? DEFAULT_RETRY_POLICY.baseDelayMs;
  const cap = options.maxDelayMs ?? DEFAULT_RETRY_POLICY.maxDelayMs;
  return Math.floor(options.random() * Math.min(cap, base * 2 ** (attempt - 1)));
}

async function publishOnce(
  entries: readonly PutEventsEntry[],
  pending: readonly number[],
  attempt: number,
  options: PublishEntriesOptions,
): Promise<EntryFailure[]> {
  const batch = pending.map((index) => entries[index] as PutEventsEntry);
  const chunks = chunkEntries(batch, options.limits).map((chunk) => chunk.map((i) => pending[i] as number));
  const failures: EntryFailure[] = [];
  await forEachLimited(chunks, options.concurrency ?? 8, async (chunk) => {
    try {
      const { failed } = await options.publisher.putEvents(
        chunk.map((index) => entries[index] as PutEventsEntry),
      );
      for (const { index, errorCode, errorMessage } of failed) {
        failures.push({ index: chunk[index] as number, errorCode, errorMessage, attempts: attempt });
      }
    } catch (error) {
      // The whole request failed (throttled, network, service error): every entry in it is retried.
      const { name, message } = error instanceof Error ? error : new Error(String(error));
      for (const index of chunk)
        failures.push({ index, errorCode: name, errorMessage: message, attempts: attempt });
    }
  });
  return failures.sort((a, b) => a.index - b.index);
}

/** Runs `task` over `items` with at most `limit` in flight. */
async function forEachLimited<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
