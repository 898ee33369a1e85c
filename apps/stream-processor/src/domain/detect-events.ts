import { createEventVersion, EventValidationError, type PublishableEvent, uuidFromName } from '@sfe/events';
import type { EntityType, PlatformItem } from '@sfe/records';
import type { DynamoDBRecord } from 'aws-lambda';
import { MalformedRecordError } from './errors';
import { type ItemChange, parseStreamRecord } from './parse-record';
import { PREVIOUS_FIELDS, TRANSITIONS, type Transition, type TransitionFlags } from './transitions';

/** The producer name stamped on every event the stream processor publishes. */
export const STREAM_PROCESSOR_SOURCE = 'sfe-stream-processor';

export interface DetectOptions extends TransitionFlags {
  /** `metadata.source` of the events (default `sfe-stream-processor`). */
  readonly source?: string;
}

/** What one stream record amounts to. */
export type Detection =
  /** One or more business facts, in declaration order. */
  | { readonly kind: 'events'; readonly change: ItemChange; readonly events: readonly PublishableEvent[] }
  /** A change that is not a business fact (an avatar edit, a progress update, a REMOVE, a TTL delete). */
  | { readonly kind: 'no-transition'; readonly change: ItemChange; readonly reason: string }
  /** An item of an entity type this processor does not know: skipped, not failed. */
  | { readonly kind: 'unknown-entity'; readonly eventID: string; readonly entityType: string };

const transitionsByEntity = groupByEntity(TRANSITIONS);

/**
 * Compares a record's old and new images and builds the domain events its transitions declare. Pure and
 * deterministic: ids derive from the record's eventID and the transition's name, `created` is the commit time,
 * so a retried record yields byte-identical events.
 * An item's `correlationId`/`causationId` carry an existing chain on; otherwise the first event starts one. Throws `MalformedRecordError` for a record that can never
 * be processed (bad images, an invalid item, or an event its item cannot fill).
 *
 * @example detectEvents(record, { emitCourseCompletedV1: true }) // { kind: 'events', events: [CourseCompleted v2, v1] }
 */
export function detectEvents(record: DynamoDBRecord, options: DetectOptions): Detection {
  const parsed = parseStreamRecord(record, { previousFields: PREVIOUS_FIELDS });
  if (parsed.kind === 'unknown-entity') return parsed;
  const { change } = parsed;
  if (change.eventName === 'REMOVE') {
    const reason = change.removedByTtl ? 'TTL delete' : 'REMOVE';
    return { kind: 'no-transition', change, reason };
  }
  const newItem = change.newItem as PlatformItem;
  const eventName = change.eventName;
  const fired = (transitionsByEntity.get(change.entityType) ?? []).filter(
    (t) => (t.enabledWhen?.(options) ?? true) && t.detect(change.oldItem, newItem, eventName),
  );
  if (fired.length === 0) {
    return {
      kind: 'no-transition',
      change,
      reason: `${eventName} of ${change.entityType} is not a transition`,
    };
  }
  const ids = fired.map((transition) => uuidFromName(`${change.eventID}:${transition.name}`));
  // An item written in reaction to an event carries that event's correlation. Otherwise this change starts a
  // chain, and its first event is the root: the chain's correlationId is that event's (deterministic) id.
  const correlationId = newItem.correlationId ?? (ids[0] as string);
  const events = fired.map((transition, i) =>
    buildEvent(transition, change, newItem, { id: ids[i] as string, correlationId }, options),
  );
  return { kind: 'events', change, events };
}

function buildEvent(
  transition: Transition,
  change: ItemChange,
  item: PlatformItem,
  ids: { readonly id: string; readonly correlationId: string },
  options: DetectOptions,
): PublishableEvent {
  const { eventID, changedAt } = change;
  try {
    return createEventVersion(
      transition.eventType,
      transition.version,
      transition.build(item, { changedAt }) as never,
      {
        source: options.source ?? STREAM_PROCESSOR_SOURCE,
        id: ids.id,
        created: changedAt,
        correlationId: ids.correlationId,
        causationId: item.causationId,
        // The loop guard's count: an item written in reaction to an event continues that event's depth.
        causationDepth: item.causationDepth,
      },
    ) as PublishableEvent;
  } catch (error) {
    if (error instanceof EventValidationError || error instanceof MalformedRecordError) {
      throw new MalformedRecordError(`record ${eventID}: transition ${transition.name}: ${error.message}`);
    }
    throw error;
  }
}

function groupByEntity(transitions: readonly Transition[]): Map<EntityType, Transition[]> {
  const groups = new Map<EntityType, Transition[]>();
  for (const transition of transitions) {
    const group = groups.get(transition.entityType) ?? [];
    group.push(transition);
    groups.set(transition.entityType, group);
  }
  return groups;
}
