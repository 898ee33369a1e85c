import { EventValidationError } from './errors';
import { newEventId } from './ids';
import { toValidationIssues } from './issues';
import {
  type CurrentEventOf,
  type DefinitionOf,
  type DomainEventOf,
  EVENT_VERSIONS,
  type EventDataOf,
  type EventDataOfVersion,
  type EventTypeName,
  findDefinition,
} from './registry';

/** Who publishes, and what the new event follows from. */
export interface EventContext {
  /** The producer, `sfe-<service>`. */
  readonly source: string;
  /** Supply a deterministic id (e.g. `uuidFromName`) when a retry must republish the same event. */
  readonly id?: string;
  readonly created?: Date | string;
  /**
   * The event this one reacts to: its correlationId is kept, its id becomes our causationId and our depth is
   * its depth + 1.
   */
  readonly causedBy?: {
    readonly metadata: { readonly id: string; readonly correlationId: string; readonly depth?: number };
  };
  /** Explicit correlation (e.g. stored on the item that produced the event); ignored when causedBy is set. */
  readonly correlationId?: string;
  readonly causationId?: string;
  /**
   * The depth of the event named by `causationId` (stored on the item beside it); ignored when causedBy is
   * set. With a causationId the new event's depth is this + 1 (absent counts as 0); without one it is 0.
   */
  readonly causationDepth?: number;
  readonly createdBy?: string;
}

/**
 * Builds a validated event of a type's current version: a malformed event never reaches the bus.
 * @example createEvent(EventType.UserSignedUp, data, { source: 'sfe-stream-processor', causedBy: trigger })
 */
export function createEvent<T extends EventTypeName>(
  type: T,
  data: EventDataOf<T>,
  context: EventContext,
): CurrentEventOf<T> {
  return createEventVersion(type, EVENT_VERSIONS[type], data as never, context) as CurrentEventOf<T>;
}

/** Builds a validated event of a specific version (e.g. CourseCompleted v1 while v1 consumers remain). */
export function createEventVersion<T extends EventTypeName, V extends number>(
  type: T,
  version: V,
  data: EventDataOfVersion<T, V>,
  context: EventContext,
): DomainEventOf<DefinitionOf<T, V>> {
  const definition = findDefinition(type, version);
  if (!definition) {
    throw new EventValidationError(type, version, [{ path: 'metadata.version', message: 'unknown version' }]);
  }
  const created = context.created ?? new Date();
  const metadata = {
    id: context.id ?? newEventId(),
    type,
    version,
    created: typeof created === 'string' ? created : isoString(created),
    correlationId: context.causedBy?.metadata.correlationId ?? context.correlationId ?? newEventId(),
    causationId: context.causedBy?.metadata.id ?? context.causationId,
    domain: definition.domain,
    source: context.source,
    createdBy: context.createdBy,
    depth: depthOf(context),
  };
  if (metadata.causationId === undefined) delete metadata.causationId;
  if (metadata.createdBy === undefined) delete metadata.createdBy;
  // Depth 0 is written as no depth, like a root event's absent causationId: root events keep their bytes.
  if (metadata.depth === 0) delete (metadata as { depth?: number }).depth;
  const result = definition.detailSchema.safeParse({ metadata, data });
  if (!result.success) throw new EventValidationError(type, version, toValidationIssues(result.error));
  return result.data as never;
}

/** 0 for an event derived from a person's own write; the cause's depth + 1 for one caused by an event. */
function depthOf(context: EventContext): number {
  if (context.causedBy) return (context.causedBy.metadata.depth ?? 0) + 1;
  if (context.causationId !== undefined) return (context.causationDepth ?? 0) + 1;
  return 0;
}

/** An invalid Date becomes a string the schema rejects with a clear message, rather than a RangeError. */
function isoString(date: Date): string {
  return Number.isNaN(date.getTime()) ? String(date) : date.toISOString();
}
