import type { EventBridgeEvent } from '../bus/eventbridge-event';
import type { LocalStore } from './local-store';

/** Archived events whose time is at or after `since`, oldest first. */
export async function readArchivedEvents(store: LocalStore, since: Date): Promise<EventBridgeEvent[]> {
  const result = await store.db.query<{ event: EventBridgeEvent }>(
    'select event from archive where time >= $1 order by archive.seq',
    [since.toISOString()],
  );
  return result.rows.map((row) => row.event);
}
