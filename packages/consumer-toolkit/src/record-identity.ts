/** What a log line says about the event in a record: present only as far as the record could be read. */
export interface RecordIdentity {
  readonly correlationId?: string;
  readonly eventType?: string;
  readonly eventId?: string;
  readonly eventVersion?: number;
}

/**
 * Reads the event's identity from an SQS body (a string, or an EventBridge event already JSON-parsed) without
 * validating it, so even a record that fails validation is logged with whatever correlation it carries.
 */
export function peekRecordIdentity(body: unknown): RecordIdentity {
  const value = typeof body === 'string' ? tryParseJson(body) : body;
  const detail = field(value, 'detail') ?? value;
  const metadata = field(detail, 'metadata');
  const identity: Record<string, string | number> = {};
  const correlationId = field(metadata, 'correlationId');
  const eventType = field(metadata, 'type');
  const eventId = field(metadata, 'id');
  const eventVersion = field(metadata, 'version');
  if (typeof correlationId === 'string') identity.correlationId = correlationId;
  if (typeof eventType === 'string') identity.eventType = eventType;
  if (typeof eventId === 'string') identity.eventId = eventId;
  if (typeof eventVersion === 'number') identity.eventVersion = eventVersion;
  return identity;
}

/** The log keys for one record (names shared by every consumer's dashboards and queries). */
export const RECORD_LOG_KEYS = ['correlationId', 'eventType', 'eventId', 'eventVersion'] as const;

function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}
