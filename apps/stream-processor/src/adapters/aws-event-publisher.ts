import type { AwsJsonClient } from '@sfe/aws-fetch';
import type { EventPublisher, FailedEntry } from './event-publisher';

/**
 * EventBridge behind `EventPublisher`, called without the SDK's client (`@sfe/aws-fetch`: one signed request,
 * retried as the SDK's standard mode retries; see BENCHMARKS.md, cold starts). PutEvents answers 200 even when some entries fail: `FailedEntryCount`
 * says how many, and the failed ones carry `ErrorCode`/`ErrorMessage` at the same index as their request entry.
 */
export function createAwsEventPublisher(eventBridge: AwsJsonClient): EventPublisher {
  return {
    async putEvents(entries) {
      const output = await eventBridge.call<PutEventsOutput>('PutEvents', { Entries: entries });
      if (!output.FailedEntryCount) return { failed: [] };
      const failed: FailedEntry[] = [];
      (output.Entries ?? []).forEach((result, index) => {
        if (result.ErrorCode || !result.EventId) {
          failed.push({
            index,
            errorCode: result.ErrorCode ?? 'Unknown',
            errorMessage: result.ErrorMessage ?? 'EventBridge returned no event id for this entry',
          });
        }
      });
      // A count with no per-entry detail still means the entries are not on the bus: fail them all.
      if (failed.length === 0) {
        return {
          failed: entries.map((_, index) => ({
            index,
            errorCode: 'Unknown',
            errorMessage: `FailedEntryCount ${output.FailedEntryCount} without per-entry results`,
          })),
        };
      }
      return { failed };
    },
  };
}

/** PutEvents' answer, as AWS documents it. */
interface PutEventsOutput {
  readonly FailedEntryCount?: number;
  readonly Entries?: readonly {
    readonly EventId?: string;
    readonly ErrorCode?: string;
    readonly ErrorMessage?: string;
  }[];
}
