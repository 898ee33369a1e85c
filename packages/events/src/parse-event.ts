import { type ClaimCheckFetcher, restoreClaimCheck } from './claim-check';
import { ClaimCheckReferenceSchema, EventDetailSchema } from './envelope';
import { ClaimCheckError, EventValidationError } from './errors';
import { toValidationIssues } from './issues';
import { type DomainEvent, findDefinition, knownVersions } from './registry';

export interface ParseEventOptions {
  /** Fetches claim-checked payloads; without it a claim-checked event is rejected. */
  readonly fetchClaimCheck: ClaimCheckFetcher;
}

/**
 * Validates an event before it is consumed. Accepts an EventBridge event, its `detail` alone, or an SQS body
 * (a JSON string) holding either. Returns a union narrowed by `metadata.type`; throws `EventValidationError`
 * naming the type, version and every failing path.
 * With `fetchClaimCheck`, a payload stored by claim check is fetched, verified and validated (async).
 * @example const event = parseEvent(record.body); if (event.metadata.type === 'CourseCompleted') ...
 */
export function parseEvent(input: unknown): DomainEvent;
export function parseEvent(input: unknown, options: ParseEventOptions): Promise<DomainEvent>;
export function parseEvent(input: unknown, options?: ParseEventOptions): DomainEvent | Promise<DomainEvent> {
  const detail = readDetail(input);
  if (!options) {
    if (ClaimCheckReferenceSchema.safeParse(detail.data).success) {
      throw new ClaimCheckError(
        `${detail.metadata.type} v${detail.metadata.version} ${detail.metadata.id} carries its data by claim check: parse it with a fetchClaimCheck option`,
      );
    }
    return validateDetail(detail);
  }
  const reference = ClaimCheckReferenceSchema.safeParse(detail.data);
  if (!reference.success) return Promise.resolve(validateDetail(detail));
  return restoreClaimCheck(reference.data, options.fetchClaimCheck).then((data) =>
    validateDetail({ metadata: detail.metadata, data }),
  );
}

interface RawDetail {
  metadata: { id: string; type: string; version: number };
  data: unknown;
}

function readDetail(input: unknown): RawDetail {
  const value = unwrap(input);
  const detailResult = EventDetailSchema.safeParse(value.detail);
  if (!detailResult.success) {
    const raw = (value.detail ?? {}) as { metadata?: { type?: unknown; version?: unknown } };
    const type = typeof raw.metadata?.type === 'string' ? raw.metadata.type : undefined;
    const version = typeof raw.metadata?.version === 'number' ? raw.metadata.version : undefined;
    throw new EventValidationError(type, version, toValidationIssues(detailResult.error));
  }
  const detail = detailResult.data;
  const { type, version } = detail.metadata;
  // On the bus, EventBridge's own fields must agree with our metadata: a mismatch means a forged or broken event.
  if (value.detailType !== undefined && value.detailType !== type) {
    throw new EventValidationError(type, version, [
      { path: 'detail-type', message: `"${value.detailType}" does not match metadata.type "${type}"` },
    ]);
  }
  if (value.source !== undefined && value.source !== detail.metadata.source) {
    throw new EventValidationError(type, version, [
      {
        path: 'source',
        message: `"${value.source}" does not match metadata.source "${detail.metadata.source}"`,
      },
    ]);
  }
  if (!findDefinition(type, version)) {
    const versions = knownVersions(type);
    const message =
      versions.length === 0
        ? `unknown event type "${type}"`
        : `unsupported version ${version} of ${type} (accepted: ${versions.join(', ')})`;
    throw new EventValidationError(type, version, [
      { path: versions.length === 0 ? 'metadata.type' : 'metadata.version', message },
    ]);
  }
  return { metadata: detail.metadata, data: detail.data };
}

interface Unwrapped {
  detail: unknown;
  detailType?: unknown;
  source?: unknown;
}

/** Peels SQS bodies (strings) and EventBridge envelopes down to `detail`. */
function unwrap(input: unknown): Unwrapped {
  let value = input;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch (error) {
      throw new EventValidationError(undefined, undefined, [
        { path: '', message: `not JSON (${(error as Error).message})` },
      ]);
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new EventValidationError(undefined, undefined, [{ path: '', message: 'expected an object' }]);
  }
  const record = value as Record<string, unknown>;
  if ('detail' in record) {
    return { detail: record.detail, detailType: record['detail-type'], source: record.source };
  }
  return { detail: record };
}

function validateDetail(detail: RawDetail): DomainEvent {
  const { type, version } = detail.metadata;
  const definition = findDefinition(type, version);
  if (!definition)
    throw new EventValidationError(type, version, [{ path: 'metadata.type', message: 'unknown' }]);
  const result = definition.detailSchema.safeParse(detail);
  if (!result.success) throw new EventValidationError(type, version, toValidationIssues(result.error));
  return result.data as DomainEvent;
}
