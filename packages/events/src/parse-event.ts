import { type ClaimCheckFetcher, restoreClaimCheck } from './claim-check';
import { type ClaimCheckReference, ClaimCheckReferenceSchema, EventDetailSchema } from './envelope';
import { ClaimCheckError, EventValidationError, type ValidationIssue } from './errors';
import { toValidationIssues } from './issues';
import { type DomainEvent, findDefinition, knownVersions } from './registry';

export interface ParseEventOptions {
  /** Fetches claim-checked payloads; without it a claim-checked event is rejected. */
  readonly fetchClaimCheck: ClaimCheckFetcher;
}

/**
 * Validates an event before it is consumed. Accepts an EventBridge event, its `detail` alone, an SQS body (a
 * JSON string) holding either, or an SQS record (`{ messageId, body }`). Returns a union narrowed by
 * `metadata.type`; throws `EventValidationError` naming the type, version and every failing path (paths are
 * relative to `detail`: `metadata.id`, `data.email`; `detail-type` and `source` for EventBridge's own fields).
 * With `fetchClaimCheck`, a payload stored by claim check is fetched, verified and validated (async, and every
 * failure is a rejection). Without it, a claim-checked event throws `ClaimCheckError`.
 * @example const event = parseEvent(record.body); if (event.metadata.type === 'CourseCompleted') ...
 */
export function parseEvent(input: unknown): DomainEvent;
export function parseEvent(input: unknown, options: ParseEventOptions): Promise<DomainEvent>;
export function parseEvent(input: unknown, options?: ParseEventOptions): DomainEvent | Promise<DomainEvent> {
  if (options) return parseEventAsync(input, options);
  const delivery = unwrap(input);
  const reference = claimCheckOf(delivery.detail);
  if (!reference) return validateDelivery(delivery);
  const { type, version, id } = checkEnvelope(delivery);
  throw new ClaimCheckError(
    `${type} v${version} ${id} carries its data by claim check: parse it with a fetchClaimCheck option`,
  );
}

async function parseEventAsync(input: unknown, options: ParseEventOptions): Promise<DomainEvent> {
  const delivery = unwrap(input);
  const reference = claimCheckOf(delivery.detail);
  if (!reference) return validateDelivery(delivery);
  // Reject a broken or unknown event before fetching anything on its behalf.
  checkEnvelope(delivery);
  const data = await restoreClaimCheck(reference, options.fetchClaimCheck);
  return validateDelivery({ ...delivery, detail: { ...(delivery.detail as object), data } });
}

/** What arrived, peeled down to `detail`, with EventBridge's own fields when the input was a bus event. */
interface Delivery {
  readonly detail: unknown;
  readonly detailType?: unknown;
  readonly source?: unknown;
}

/** Peels SQS records, SQS bodies (JSON strings, also double-encoded ones) and EventBridge events to `detail`. */
function unwrap(input: unknown): Delivery {
  let value = input;
  for (let depth = 0; typeof value === 'string' && depth < 2; depth++) {
    try {
      value = JSON.parse(value);
    } catch (error) {
      throw new EventValidationError(undefined, undefined, [
        { path: '', message: `not JSON (${(error as Error).message})` },
      ]);
    }
  }
  if (!isRecord(value)) {
    throw new EventValidationError(undefined, undefined, [
      { path: '', message: 'expected an EventBridge event, a detail or an SQS message body' },
    ]);
  }
  if (typeof value.body === 'string' && typeof value.messageId === 'string') return unwrap(value.body);
  if ('detail' in value) {
    return { detail: value.detail, detailType: value['detail-type'], source: value.source };
  }
  return { detail: value };
}

function claimCheckOf(detail: unknown): ClaimCheckReference | undefined {
  if (!isRecord(detail)) return undefined;
  const result = ClaimCheckReferenceSchema.safeParse(detail.data);
  return result.success ? result.data : undefined;
}

/** The type and version the event claims to be, read without trusting anything else. */
function claimedIdentity(detail: unknown): { type?: string; version?: number; id?: string } {
  const metadata = isRecord(detail) && isRecord(detail.metadata) ? detail.metadata : {};
  return {
    ...(typeof metadata.type === 'string' ? { type: metadata.type } : {}),
    ...(typeof metadata.version === 'number' ? { version: metadata.version } : {}),
    ...(typeof metadata.id === 'string' ? { id: metadata.id } : {}),
  };
}

/**
 * On the bus, EventBridge's own fields must agree with our metadata: a mismatch means a forged or broken event.
 * (A missing metadata field is reported by the schema instead.)
 */
function deliveryIssues(delivery: Delivery): ValidationIssue[] {
  const metadata =
    isRecord(delivery.detail) && isRecord(delivery.detail.metadata) ? delivery.detail.metadata : {};
  const issues: ValidationIssue[] = [];
  if (
    delivery.detailType !== undefined &&
    metadata.type !== undefined &&
    delivery.detailType !== metadata.type
  ) {
    issues.push({
      path: 'detail-type',
      message: `${JSON.stringify(delivery.detailType)} does not match metadata.type ${JSON.stringify(metadata.type)}`,
    });
  }
  if (delivery.source !== undefined && metadata.source !== undefined && delivery.source !== metadata.source) {
    issues.push({
      path: 'source',
      message: `${JSON.stringify(delivery.source)} does not match metadata.source ${JSON.stringify(metadata.source)}`,
    });
  }
  return issues;
}

function unknownDefinitionIssue(type: string, version: number): ValidationIssue {
  const versions = knownVersions(type);
  return versions.length === 0
    ? { path: 'metadata.type', message: `unknown event type "${type}"` }
    : {
        path: 'metadata.version',
        message: `unsupported version ${version} of ${type} (accepted: ${versions.join(', ')})`,
      };
}

/**
 * Checks everything but the payload (which is still a claim-check reference): the generic envelope, that the
 * type and version are known, and EventBridge's fields.
 */
function checkEnvelope(delivery: Delivery): { type: string; version: number; id: string } {
  const { type, version } = claimedIdentity(delivery.detail);
  const issues = deliveryIssues(delivery);
  const envelope = EventDetailSchema.safeParse(delivery.detail);
  if (!envelope.success) issues.push(...toValidationIssues(envelope.error));
  else if (!findDefinition(envelope.data.metadata.type, envelope.data.metadata.version)) {
    issues.push(unknownDefinitionIssue(envelope.data.metadata.type, envelope.data.metadata.version));
  }
  if (!envelope.success || issues.length > 0) throw new EventValidationError(type, version, issues);
  return envelope.data.metadata;
}

/** Validates the whole detail against its type and version's schema, reporting every failing path at once. */
function validateDelivery(delivery: Delivery): DomainEvent {
  const { type, version } = claimedIdentity(delivery.detail);
  const issues = deliveryIssues(delivery);
  const definition = type !== undefined && version !== undefined ? findDefinition(type, version) : undefined;
  if (!definition) {
    // Unknown or unreadable type/version: say so, and list what is wrong with the envelope itself.
    if (type !== undefined && version !== undefined) issues.unshift(unknownDefinitionIssue(type, version));
    const envelope = EventDetailSchema.safeParse(delivery.detail);
    if (!envelope.success) issues.push(...toValidationIssues(envelope.error));
    throw new EventValidationError(type, version, issues);
  }
  const result = definition.detailSchema.safeParse(delivery.detail);
  if (!result.success) issues.push(...toValidationIssues(result.error));
  if (!result.success || issues.length > 0) throw new EventValidationError(type, version, issues);
  return result.data as DomainEvent;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
