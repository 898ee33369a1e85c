import {
  EVENTBRIDGE_MAX_ENTRIES_PER_PUT,
  EVENTBRIDGE_MAX_ENTRY_BYTES,
  type PutEventsEntry,
  putEventsEntrySize,
} from '@sfe/events';

/** PutEvents request limits: entries per call, and bytes per call (AWS's entry-size algorithm, summed). */
export interface ChunkLimits {
  readonly maxEntries?: number;
  readonly maxBytes?: number;
}

/**
 * Splits entries into PutEvents requests of at most `maxEntries` entries (default 10) whose summed sizes stay
 * within `maxBytes` (default 1 MB), keeping their order. Returns indexes into `entries`, so a caller can map
 * each chunk's failures back to where they came from. An entry larger than `maxBytes` on its own (the claim
 * check should have prevented it) goes alone, so EventBridge rejects that entry and nothing else.
 *
 * @example chunkEntries(entries).map((chunk) => chunk.map((i) => entries[i]))
 */
export function chunkEntries(entries: readonly PutEventsEntry[], limits: ChunkLimits = {}): number[][] {
  const maxEntries = limits.maxEntries ?? EVENTBRIDGE_MAX_ENTRIES_PER_PUT;
  const maxBytes = limits.maxBytes ?? EVENTBRIDGE_MAX_ENTRY_BYTES;
  const chunks: number[][] = [];
  let current: number[] = [];
  let currentBytes = 0;
  for (let index = 0; index < entries.length; index++) {
    const size = putEventsEntrySize(entries[index] as PutEventsEntry);
    if (current.length > 0 && (current.length === maxEntries || currentBytes + size > maxBytes)) {
      chunks.push(current);
      current = [];
      currentBytes = 0;
    }
    current.push(index);
    currentBytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
