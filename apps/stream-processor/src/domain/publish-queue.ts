import type { PutEventsEntry } from '@sfe/events';
import { type EntryFailure, type PublishEntriesOptions, publishEntries } from './publish-events';

/** Publishes entries from many callers together, so a batch of records shares full PutEvents requests. */
export interface PublishQueue {
  /**
   * Publishes `entries` with whatever else was queued in the same turn of the event loop. Resolves with this
   * call's entries that still failed after every retry (indexes into `entries`).
   */
  publish(entries: readonly PutEventsEntry[]): Promise<EntryFailure[]>;
}

interface Waiting {
  readonly entries: readonly PutEventsEntry[];
  readonly resolve: (failures: EntryFailure[]) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Records are handled concurrently, one promise each; publishing each record's one or two entries alone would
 * cost a PutEvents call per record. The queue gathers what the records enqueue until the current turn ends
 * (`setImmediate` by default), then publishes it all in chunks of ten. No library batches calls this way and
 * reports per-caller results, hence this small piece.
 */
export function createPublishQueue(
  options: PublishEntriesOptions & { readonly schedule?: (flush: () => void) => void },
): PublishQueue {
  const schedule = options.schedule ?? ((flush) => setImmediate(flush));
  let waiting: Waiting[] = [];

  const flush = () => {
    const batch = waiting;
    waiting = [];
    const all = batch.flatMap((w) => w.entries);
    publishEntries(all, options).then(
      (failures) => {
        let offset = 0;
        for (const w of batch) {
          const end = offset + w.entries.length;
          const start = offset;
          w.resolve(
            failures
              .filter((f) => f.index >= start && f.index < end)
              .map((f) => ({ ...f, index: f.index - start })),
          );
          offset = end;
        }
      },
      (error: unknown) => {
        for (const w of batch) w.reject(error);
      },
    );
  };

  return {
    publish(entries) {
      if (entries.length === 0) return Promise.resolve([]);
      return new Promise<EntryFailure[]>((resolve, reject) => {
        if (waiting.length === 0) schedule(flush);
        waiting.push({ entries, resolve, reject });
      });
    },
  };
}
