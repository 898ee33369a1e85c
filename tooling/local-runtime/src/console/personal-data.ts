import { EVENT_DEFINITIONS, type EventDefinition } from '@sfe/events';
import { z } from 'zod';
import type { EventBridgeEvent } from '../bus/eventbridge-event';

/**
 * Which `detail.data` fields of each event version are personal data, decided from the event schemas (one
 * source: the definitions in `@sfe/events`), so a new event or field is covered without a list to edit here:
 * - a field whose JSON Schema has `format: "email"` (an email address);
 * - a field named for a person's name (`name`, `userName`, `fullName`, `firstName`, `lastName`, `displayName`);
 *   a course's or video's title is not a person's;
 * - in an event marked `sensitive` (its payload always travels by claim check), every free-text string (no
 *   format, not an id or key), e.g. a support ticket's subject.
 * Ids (`userId`) stay visible: they are pseudonymous and what a person debugging follows.
 */
export function personalFieldsOf(definition: EventDefinition): string[] {
  const schema = z.toJSONSchema(definition.dataSchema, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, { type?: unknown; format?: unknown }>;
  };
  return Object.entries(schema.properties ?? {})
    .filter(([field, property]) => {
      if (property.format === 'email') return true;
      if (PERSON_NAME_FIELDS.has(field)) return true;
      return (
        definition.sensitive &&
        property.type === 'string' &&
        property.format === undefined &&
        !/(Id|Key)$/.test(field)
      );
    })
    .map(([field]) => field);
}

const PERSON_NAME_FIELDS = new Set(['name', 'userName', 'fullName', 'firstName', 'lastName', 'displayName']);

/** `<type>@<version>` → its personal fields, for every event version the workspace defines. */
const PERSONAL_FIELDS: ReadonlyMap<string, readonly string[]> = new Map(
  EVENT_DEFINITIONS.map((definition) => [
    `${definition.type}@${definition.version}`,
    personalFieldsOf(definition),
  ]),
);

/** What a redacted value is replaced with. */
export const REDACTED = '•••• redacted';

/**
 * The event with its personal data fields replaced by {@link REDACTED}, and their paths. An event of a type or
 * version the workspace does not define (an AWS service's) is returned as it is; a claim-checked event carries
 * no data inline, so nothing of it is redacted.
 */
export function redactEvent(event: EventBridgeEvent): { event: EventBridgeEvent; redacted: string[] } {
  const detail = event.detail as { metadata?: { type?: unknown; version?: unknown }; data?: unknown };
  const fields = PERSONAL_FIELDS.get(
    `${String(detail?.metadata?.type)}@${String(detail?.metadata?.version)}`,
  );
  const data = detail?.data;
  if (!fields || typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { event, redacted: [] };
  }
  const present = fields.filter((field) => Object.hasOwn(data, field));
  if (present.length === 0) return { event, redacted: [] };
  const redactedData: Record<string, unknown> = { ...(data as Record<string, unknown>) };
  for (const field of present) redactedData[field] = REDACTED;
  return {
    event: { ...event, detail: { ...detail, data: redactedData } },
    redacted: present.map((field) => `detail.data.${field}`),
  };
}
