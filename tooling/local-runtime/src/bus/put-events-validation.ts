import {
  EVENTBRIDGE_MAX_ENTRIES_PER_PUT,
  EVENTBRIDGE_MAX_ENTRY_BYTES,
  putEventsEntrySize,
} from '@sfe/events';
import { EventBridgeApiError } from './errors';
import { jsonDepth, MAX_EVENT_JSON_DEPTH } from './json-depth';

/** A PutEvents request entry as it arrives (SDK object or JSON protocol): nothing is trusted yet. */
export interface PutEventsRequestEntry {
  readonly EventBusName?: unknown;
  readonly Source?: unknown;
  readonly DetailType?: unknown;
  readonly Detail?: unknown;
  /** A Date (SDK in-process), epoch seconds (the JSON protocol) or ISO text. */
  readonly Time?: unknown;
  readonly Resources?: unknown;
  readonly TraceHeader?: unknown;
}

/** An entry that passed validation. */
export interface ValidEntry {
  readonly busName: string;
  readonly source: string;
  readonly detailType: string;
  readonly detail: Record<string, unknown>;
  readonly time?: Date;
  readonly resources: readonly string[];
}

export type EntryCheck =
  | { readonly ok: true; readonly entry: ValidEntry }
  | { readonly ok: false; readonly errorCode: string; readonly errorMessage: string };

/** Request-level checks: AWS refuses the whole call (ValidationException) for these. */
export function validatePutEventsRequest(entries: unknown): readonly PutEventsRequestEntry[] {
  if (!Array.isArray(entries)) {
    throw new EventBridgeApiError(
      'ValidationException',
      "1 validation error detected: Value null at 'entries' failed to satisfy constraint: Member must not be null",
    );
  }
  if (entries.length < 1 || entries.length > EVENTBRIDGE_MAX_ENTRIES_PER_PUT) {
    throw new EventBridgeApiError(
      'ValidationException',
      `1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length ${
        entries.length < 1
          ? 'greater than or equal to 1'
          : `less than or equal to ${EVENTBRIDGE_MAX_ENTRIES_PER_PUT}`
      }`,
    );
  }
  const missing = entries.findIndex(
    (entry) => typeof entry !== 'object' || entry === null || Array.isArray(entry),
  );
  if (missing >= 0) {
    throw new EventBridgeApiError(
      'ValidationException',
      `1 validation error detected: Value at 'entries.${missing + 1}.member' failed to satisfy constraint: Member must be a structure`,
    );
  }
  let total = 0;
  for (const entry of entries as PutEventsRequestEntry[]) {
    total += putEventsEntrySize({
      Source: typeof entry.Source === 'string' ? entry.Source : '',
      DetailType: typeof entry.DetailType === 'string' ? entry.DetailType : '',
      Detail: typeof entry.Detail === 'string' ? entry.Detail : '',
      ...(entry.Time !== undefined ? { Time: new Date(0) } : {}),
      Resources: Array.isArray(entry.Resources) ? entry.Resources.filter((r) => typeof r === 'string') : [],
    });
  }
  if (total > EVENTBRIDGE_MAX_ENTRY_BYTES) {
    throw new EventBridgeApiError(
      'ValidationException',
      'Total size of the entries in the request is over the limit.',
    );
  }
  return entries as PutEventsRequestEntry[];
}

/** Entry-level checks: AWS accepts the call and reports the entry as failed, with these codes. */
export function checkEntry(entry: PutEventsRequestEntry, knownBuses: ReadonlySet<string>): EntryCheck {
  const busName = busNameOf(entry.EventBusName);
  if (!knownBuses.has(busName)) {
    return fail('ResourceNotFoundException', `Event bus ${busName} does not exist.`);
  }
  if (typeof entry.Source !== 'string' || entry.Source === '') {
    return fail('InvalidArgument', 'Parameter Source is not valid. Reason: Source is a required argument.');
  }
  if (typeof entry.DetailType !== 'string' || entry.DetailType === '') {
    return fail(
      'InvalidArgument',
      'Parameter DetailType is not valid. Reason: DetailType is a required argument.',
    );
  }
  if (typeof entry.Detail !== 'string' || entry.Detail === '') {
    return fail('InvalidArgument', 'Parameter Detail is not valid. Reason: Detail is a required argument.');
  }
  if (jsonDepth(entry.Detail) > MAX_EVENT_JSON_DEPTH) {
    return fail('MalformedDetail', `Detail is malformed: nested deeper than ${MAX_EVENT_JSON_DEPTH} levels.`);
  }
  let detail: unknown;
  try {
    detail = JSON.parse(entry.Detail);
  } catch {
    return fail('MalformedDetail', 'Detail is malformed.');
  }
  if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) {
    return fail('MalformedDetail', 'Detail is malformed.');
  }
  const time = parseTime(entry.Time);
  if (time === null)
    return fail('InvalidArgument', 'Parameter Time is not valid. Reason: Time is not a timestamp.');
  const resources = entry.Resources ?? [];
  if (!Array.isArray(resources) || resources.some((resource) => typeof resource !== 'string')) {
    return fail(
      'InvalidArgument',
      'Parameter Resources is not valid. Reason: Resources must be a list of strings.',
    );
  }
  return {
    ok: true,
    entry: {
      busName,
      source: entry.Source,
      detailType: entry.DetailType,
      detail: detail as Record<string, unknown>,
      ...(time ? { time } : {}),
      resources: resources as string[],
    },
  };
}

/** A bus name or ARN (`arn:aws:events:...:event-bus/<name>`) to its name; none means `default`. */
export function busNameOf(value: unknown): string {
  if (typeof value !== 'string' || value === '') return 'default';
  const arn = /^arn:aws:events:[^:]*:[^:]*:event-bus\/(.+)$/.exec(value);
  return arn?.[1] ?? value;
}

/** undefined when absent, null when present but not a time. */
function parseTime(value: unknown): Date | undefined | null {
  if (value === undefined || value === null) return undefined;
  const time =
    value instanceof Date
      ? value
      : typeof value === 'number'
        ? new Date(value * 1000)
        : typeof value === 'string'
          ? new Date(/^\d+(\.\d+)?$/.test(value) ? Number(value) * 1000 : value)
          : undefined;
  return time && !Number.isNaN(time.getTime()) ? time : null;
}

function fail(errorCode: string, errorMessage: string): EntryCheck {
  return { ok: false, errorCode, errorMessage };
}
