import type { PutEventsEntry } from '@sfe/events';
import type { LocalEventBus } from './event-bus';

/** The stream processor's publisher interface, on the local bus (rejected entries reported by index). */
export interface LocalEventPublisher {
  putEvents(entries: readonly PutEventsEntry[]): Promise<{
    readonly failed: readonly { index: number; errorCode: string; errorMessage: string }[];
  }>;
}

export function createBusPublisher(bus: LocalEventBus): LocalEventPublisher {
  return {
    async putEvents(entries) {
      const response = await bus.putEvents(entries);
      return {
        failed: response.Entries.flatMap((entry, index) =>
          'ErrorCode' in entry
            ? [{ index, errorCode: entry.ErrorCode, errorMessage: entry.ErrorMessage }]
            : [],
        ),
      };
    },
  };
}
