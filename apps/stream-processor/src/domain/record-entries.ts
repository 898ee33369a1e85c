import {
  applyClaimCheck,
  type ClaimCheckStore,
  EVENTBRIDGE_MAX_ENTRY_BYTES,
  findDefinition,
  type PublishableEvent,
  type PutEventsEntry,
  putEventsEntrySize,
  toPutEventsEntry,
} from '@sfe/events';
import type { DynamoDBRecord } from 'aws-lambda';
import { type Detection, type DetectOptions, detectEvents } from './detect-events';

export interface RecordEntriesOptions extends DetectOptions {
  readonly busName: string;
  /** Where sensitive and oversize payloads go (claim check). */
  readonly claimCheckStore: ClaimCheckStore;
  /** Entries larger than this travel by claim check (default: EventBridge's limit). */
  readonly maxEntryBytes?: number;
}

/** A record's detection, and for business facts the PutEvents entries to publish, in order. */
export type RecordEntries =
  | Exclude<Detection, { kind: 'events' }>
  | (Extract<Detection, { kind: 'events' }> & {
      /** The events as published: sensitive or oversize payloads replaced by claim-check references. */
      readonly published: readonly PublishableEvent[];
      readonly entries: readonly PutEventsEntry[];
    });

/**
 * Everything the stream processor does to one record short of publishing: detect its events, move sensitive
 * or oversize payloads to the claim-check store, map to PutEvents entries. Rejects with `MalformedRecordError`
 * for a record that can never be processed; a claim-check store failure rejects as it is (worth a retry).
 */
export async function buildRecordEntries(
  record: DynamoDBRecord,
  options: RecordEntriesOptions,
): Promise<RecordEntries> {
  const detection = detectEvents(record, options);
  if (detection.kind !== 'events') return detection;
  const published: PublishableEvent[] = [];
  const entries: PutEventsEntry[] = [];
  for (const event of detection.events) {
    const inline = inlineEntry(event, options);
    const checked = inline ? event : await applyClaimCheck(event, claimCheckOptions(options));
    published.push(checked);
    entries.push(inline ?? toPutEventsEntry(checked, options.busName));
  }
  return { kind: 'events', change: detection.change, events: detection.events, published, entries };
}

/**
 * The event's entry when it may travel inline: not sensitive, and within the size limit. The same decision
 * as `applyClaimCheck` makes, but the entry serialised to measure it is the one published: serialising every
 * Detail twice was the largest avoidable cost in the benchmark.
 */
function inlineEntry(event: PublishableEvent, options: RecordEntriesOptions): PutEventsEntry | undefined {
  if (findDefinition(event.metadata.type, event.metadata.version)?.sensitive) return undefined;
  const entry = toPutEventsEntry(event, options.busName);
  return putEventsEntrySize(entry) <= (options.maxEntryBytes ?? EVENTBRIDGE_MAX_ENTRY_BYTES)
    ? entry
    : undefined;
}

function claimCheckOptions(options: RecordEntriesOptions) {
  return { store: options.claimCheckStore, busName: options.busName, maxEntryBytes: options.maxEntryBytes };
}
