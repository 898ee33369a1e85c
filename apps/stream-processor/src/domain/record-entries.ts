import {
  applyClaimCheck,
  type ClaimCheckStore,
  type PublishableEvent,
  type PutEventsEntry,
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
  const claimCheck = {
    store: options.claimCheckStore,
    busName: options.busName,
    maxEntryBytes: options.maxEntryBytes,
  };
  const published = await Promise.all(detection.events.map((event) => applyClaimCheck(event, claimCheck)));
  const entries = published.map((event) => toPutEventsEntry(event, options.busName));
  return { ...detection, published, entries };
}
