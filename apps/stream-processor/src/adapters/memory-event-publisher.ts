import type { PutEventsEntry } from '@sfe/events';
import type { EventPublisher } from './event-publisher';

/**
 * Accepts every entry and keeps it, with each PutEvents request as it was sent: for tests and for showing
 * what would be published without publishing it.
 */
export function createMemoryEventPublisher(): EventPublisher & {
  readonly requests: readonly (readonly PutEventsEntry[])[];
  readonly entries: () => PutEventsEntry[];
} {
  const requests: PutEventsEntry[][] = [];
  return {
    requests,
    entries: () => requests.flat(),
    async putEvents(entries) {
      requests.push([...entries]);
      return { failed: [] };
    },
  };
}
