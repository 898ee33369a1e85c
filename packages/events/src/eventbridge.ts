import type { ClaimCheckReference, EventMetadata } from './envelope';

/**
 * EventBridge's limit on one PutEvents entry, and on one whole request: 1 MB since January 2025 (it was
 * 256 KB). Pass a smaller limit where a target or an older account still enforces 256 KB.
 */
export const EVENTBRIDGE_MAX_ENTRY_BYTES = 1_048_576;
/** At most this many entries in one PutEvents call. */
export const EVENTBRIDGE_MAX_ENTRIES_PER_PUT = 10;

/**
 * An event as EventBridge delivers it to a target (SQS, Lambda): AWS's envelope around our `detail`.
 * Shaped like `EventBridgeEvent` of `@types/aws-lambda`, without depending on it.
 */
export interface EventBridgeEvent<TDetailType extends string = string, TDetail = unknown> {
  readonly version: string;
  readonly id: string;
  readonly 'detail-type': TDetailType;
  readonly source: string;
  readonly account: string;
  readonly time: string;
  readonly region: string;
  readonly resources: readonly string[];
  readonly detail: TDetail;
}

/** A PutEvents request entry, shaped as the AWS SDK v3 `PutEventsRequestEntry`. */
export interface PutEventsEntry {
  readonly EventBusName: string;
  readonly Source: string;
  readonly DetailType: string;
  readonly Detail: string;
  readonly Time?: Date;
  readonly Resources?: readonly string[];
}

/** What can be published: a parsed or created event, or one whose data was replaced by a claim check. */
export interface PublishableEvent {
  readonly metadata: EventMetadata;
  readonly data: Record<string, unknown> | ClaimCheckReference;
}

/** Maps an event to its PutEvents entry: Source = metadata.source, DetailType = metadata.type. */
export function toPutEventsEntry(event: PublishableEvent, busName: string): PutEventsEntry {
  return {
    EventBusName: busName,
    Source: event.metadata.source,
    DetailType: event.metadata.type,
    Detail: JSON.stringify({ metadata: event.metadata, data: event.data }),
  };
}

/**
 * The entry's size as AWS documents it ("Calculating Amazon EventBridge PutEvents event entry size"): 14
 * bytes for Time if present, plus the UTF-8 bytes of Source, DetailType, Detail and each Resource. The bus
 * name does not count.
 */
export function putEventsEntrySize(entry: Omit<PutEventsEntry, 'EventBusName'>): number {
  let size = entry.Time ? 14 : 0;
  size += Buffer.byteLength(entry.Source, 'utf8');
  size += Buffer.byteLength(entry.DetailType, 'utf8');
  size += Buffer.byteLength(entry.Detail, 'utf8');
  for (const resource of entry.Resources ?? []) size += Buffer.byteLength(resource, 'utf8');
  return size;
}
