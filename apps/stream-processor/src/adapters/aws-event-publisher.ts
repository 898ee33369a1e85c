import { type EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { EventPublisher, FailedEntry } from './event-publisher';

/**
 * EventBridge behind `EventPublisher`. PutEvents answers 200 even when some entries fail: `FailedEntryCount`
 * says how many, and the failed ones carry `ErrorCode`/`ErrorMessage` at the same index as their request entry.
 */
export function createAwsEventPublisher(client: EventBridgeClient): EventPublisher {
  return {
    async putEvents(entries) {
      const output = await client.send(
        new PutEventsCommand({
          Entries: entries.map(({ Resources, ...entry }) =>
            Resources ? { ...entry, Resources: [...Resources] } : entry,
          ),
        }),
      );
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
