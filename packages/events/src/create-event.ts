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
  /** The event this one reacts to: its correlationId is kept and its id becomes our causationId. */
  readonly causedBy?: { readonly metadata: { readonly id: string; readonly correlationId: string } };
  /** Explicit correlation (e.g. stored on the item that produced the event); ignored when causedBy is set. */
  readonly correlationId?: string;
  readonly causationId?: string;
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
  };
  if (metadata.causationId === undefined) delete metadata.causationId;
  if (metadata.createdBy === undefined) delete metadata.createdBy;
  const result = definition.detailSchema.safeParse({ metadata, data });
  if (!result.success) throw new EventValidationError(type, version, toValidationIssues(result.error));
  return result.data as never;
}

/** An invalid Date becomes a string the schema rejects with a clear message, rather than a RangeError. */
function isoString(date: Date): string {
  return Number.isNaN(date.getTime()) ? String(date) : date.toISOString();
}
