import type * as z from 'zod/mini';
import { personalData } from './personal-data-marks';
import { EVENT_DEFINITIONS, findDefinition } from './registry';

/**
 * An event definition's payload schema, or any zod 4 schema (classic or mini: both are zod core schemas), so
 * tools can ask the same of schemas of their own.
 */
type SchemaOfData = { readonly dataSchema: z.core.$ZodType };

/** What a personal value is replaced with wherever it is shown or logged. */
export const REDACTED = '[redacted]';

/**
 * The dotted paths (inside `data`) of the fields of one event version marked as personal data, from its
 * schema: `personalFieldsOf(UserSignedUpV1)` is `['email', 'name']`. Nested objects are followed; optional,
 * nullable and defaulted fields are read through their wrapper.
 */
export function personalFieldsOf(definition: SchemaOfData): string[] {
  return markedPaths(definition.dataSchema, '');
}

/**
 * The top-level fields of one event version's `data`, in schema order, each saying whether it holds personal
 * data (is marked, or has a marked field inside): for views that list fields rather than redact a payload,
 * such as infra's debug log rules.
 */
export function dataFieldsOf(
  definition: SchemaOfData,
): { readonly field: string; readonly personal: boolean }[] {
  const shape = shapeOf(unwrap(definition.dataSchema));
  if (!shape) return [];
  const personal = personalFieldsOf(definition);
  return Object.keys(shape).map((field) => ({
    field,
    personal: personal.some((path) => path === field || path.startsWith(`${field}.`)),
  }));
}

function markedPaths(schema: z.core.$ZodType, prefix: string): string[] {
  const inner = unwrap(schema);
  if (personalData.has(schema) || personalData.has(inner)) return prefix ? [prefix] : [];
  return Object.entries(shapeOf(inner) ?? {}).flatMap(([field, child]) =>
    markedPaths(child, prefix ? `${prefix}.${field}` : field),
  );
}

// Read from zod core's definitions (`_zod.def`), which zod classic and zod/mini schemas share, rather than by
// `instanceof` one flavour's classes.
function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  let current = schema;
  for (let def = current._zod.def; WRAPPERS.has(def.type); def = current._zod.def) {
    current = (def as z.core.$ZodOptionalDef).innerType;
  }
  return current;
}

/** Wrappers read through: each keeps its inner schema in `def.innerType`. */
const WRAPPERS: ReadonlySet<string> = new Set(['optional', 'nullable', 'default']);

function shapeOf(schema: z.core.$ZodType): z.core.$ZodShape | undefined {
  const def = schema._zod.def;
  return def.type === 'object' ? (def as z.core.$ZodObjectDef).shape : undefined;
}

/** `<type>@<version>` → its personal fields, for every event version the registry defines. */
const PERSONAL_FIELDS: ReadonlyMap<string, readonly string[]> = new Map(
  EVENT_DEFINITIONS.map((definition) => [
    `${definition.type}@${definition.version}`,
    personalFieldsOf(definition),
  ]),
);

/** The personal field paths of a type and version; undefined for one the registry does not define. */
export function personalFieldsOfVersion(type: string, version: number): readonly string[] | undefined {
  if (!findDefinition(type, version)) return undefined;
  return PERSONAL_FIELDS.get(`${type}@${version}`);
}

/** An event as found anywhere: an EventBridge event (`detail`), its detail, or an SQS body holding either. */
type AnyEventShape = unknown;

/** Where the event's `metadata` and `data` sit in what was given, without validating anything. */
function locate(value: AnyEventShape): { metadata: unknown; data: unknown; inDetail: boolean } | undefined {
  const parsed = typeof value === 'string' ? tryParseJson(value) : value;
  if (!isRecord(parsed)) return undefined;
  if (isRecord(parsed.detail)) {
    return { metadata: parsed.detail.metadata, data: parsed.detail.data, inDetail: true };
  }
  if ('metadata' in parsed || 'data' in parsed)
    return { metadata: parsed.metadata, data: parsed.data, inDetail: false };
  return undefined;
}

/** The personal paths of the event's type and version, or undefined for an event the registry does not know. */
function fieldsFor(metadata: unknown): readonly string[] | undefined {
  if (!isRecord(metadata)) return undefined;
  const { type, version } = metadata;
  if (typeof type !== 'string' || typeof version !== 'number') return undefined;
  return personalFieldsOfVersion(type, version);
}

/**
 * The event with every field marked as personal data replaced by {@link REDACTED}, and a claim check's URL
 * (a presigned link to the payload) too; the original is not changed. Takes an EventBridge event or an event
 * (`{ metadata, data }`) and returns the same shape. An event the registry does not know (an AWS service's,
 * or a version of ours it does not define) is returned as it is: callers that log decide what to show of it.
 * @example logger.info('Received', { event: redactEvent(event) });
 */
export function redactEvent<T>(event: T): T {
  return redactEventWithPaths(event).event;
}

/** {@link redactEvent}, also naming the paths it replaced (`detail.data.email`), for a person to see why. */
export function redactEventWithPaths<T>(event: T): { event: T; redacted: string[] } {
  const located = locate(event);
  const fields = located && fieldsFor(located.metadata);
  if (!located || !fields || !isRecord(located.data) || typeof event !== 'object' || event === null) {
    return { event, redacted: [] };
  }
  const prefix = located.inDetail ? 'detail.data' : 'data';
  const redacted: string[] = [];
  let data: Record<string, unknown> = located.data;
  for (const path of [...fields, CLAIM_CHECK_URL_PATH]) {
    const replaced = replaceAt(data, path.split('.'));
    if (replaced) {
      data = replaced;
      redacted.push(`${prefix}.${path}`);
    }
  }
  if (redacted.length === 0) return { event, redacted };
  const original = event as Record<string, unknown>;
  const result = located.inDetail
    ? { ...original, detail: { ...(original.detail as Record<string, unknown>), data } }
    : { ...original, data };
  return { event: result as T, redacted };
}

const CLAIM_CHECK_URL_PATH = 'claimCheck.url';

/** A copy of `data` with the value at `path` replaced, or undefined when there is no value there. */
function replaceAt(
  data: Record<string, unknown>,
  path: readonly string[],
): Record<string, unknown> | undefined {
  const [head, ...rest] = path;
  if (head === undefined || !Object.hasOwn(data, head)) return undefined;
  const value = data[head];
  if (rest.length === 0) {
    return value === undefined || value === null ? undefined : { ...data, [head]: REDACTED };
  }
  if (!isRecord(value)) return undefined;
  const child = replaceAt(value, rest);
  return child ? { ...data, [head]: child } : undefined;
}

/**
 * The string values of an event's personal fields and its claim check's URL, read without validating (so it
 * works on a record that fails validation): what must never appear in a log line. Takes whatever
 * {@link redactEvent} takes, or an SQS body string.
 */
export function personalValuesOf(event: AnyEventShape): string[] {
  const located = locate(event);
  if (!located || !isRecord(located.data)) return [];
  const paths = [...(fieldsFor(located.metadata) ?? []), CLAIM_CHECK_URL_PATH];
  return paths.flatMap((path) => {
    const value = path
      .split('.')
      .reduce<unknown>((at, key) => (isRecord(at) ? at[key] : undefined), located.data);
    return typeof value === 'string' && value.length > 0 ? [value] : [];
  });
}

/**
 * Links to claim-checked payloads, wherever they appear in text: presigned S3 URLs (`X-Amz-Signature`), the
 * local runtime's signed `/blobs/` links, and anything under the claim-check key prefix (`claim-checks/`).
 */
const CLAIM_CHECK_LINK =
  /(?:https?|file):\/\/[^\s"'<>]*?(?:[?&]X-Amz-(?:Signature|Credential)=|\/blobs\/|\/claim-checks\/)[^\s"'<>]*/g;

/**
 * Values shorter than this are not searched for: a one- or two-letter "name" identifies no one, and blanking
 * every "Al" in a log line would make it unreadable.
 */
const MIN_VALUE_LENGTH = 3;

/**
 * The text with every claim-check link and every occurrence of the given personal values (e.g. from
 * {@link personalValuesOf}) replaced by {@link REDACTED}: what a log line goes through before it is written.
 * @example redactPersonalText(error.message, personalValuesOf(record.body))
 */
export function redactPersonalText(text: string, values: readonly string[]): string {
  // Most text (a log line's every value goes through here) holds no link (each has a scheme, `://`) and none of
  // the values: it is returned as it is, without the link pattern's pass and a split per value.
  if (!text.includes('://') && !values.some((value) => text.includes(value))) return text;
  let result = text.replace(CLAIM_CHECK_LINK, REDACTED);
  // Longest first, so an address is replaced whole before a name inside it.
  const searched = values.filter((v) => v.length >= MIN_VALUE_LENGTH).sort((a, b) => b.length - a.length);
  for (const value of searched) result = result.split(value).join(REDACTED);
  return result;
}

/**
 * The names of the fields marked as personal data in any event version (`email`, `name`, `userName`, ...):
 * for data shaped like events but not an event (a table item a producer reads), where no schema says more.
 */
export function personalFieldNames(): ReadonlySet<string> {
  return PERSONAL_FIELD_NAMES;
}

const PERSONAL_FIELD_NAMES: ReadonlySet<string> = new Set(
  [...PERSONAL_FIELDS.values()].flat().map((path) => path.split('.').at(-1) ?? path),
);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
