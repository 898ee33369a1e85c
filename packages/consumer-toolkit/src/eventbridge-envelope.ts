import '@sfe/events/english-messages';
import { ParsingError } from '@aws-lambda-powertools/batch';
import * as z from 'zod/mini';

// Hand-written on purpose. These are Powertools parser's EventBridgeSchema and its JSONStringified helper
// (@aws-lambda-powertools/parser 2.35.0) written again with zod/mini: every Powertools parser schema is built
// with zod classic, so importing any of them (or `@aws-lambda-powertools/batch/parser`, which imports them)
// puts all of zod classic in a Lambda bundle (~190 KB minified, about half a bare Node start of V8 compile
// time at every cold start; BENCHMARKS.md, cold starts). Powertools' batch processing, logger, idempotency
// and metrics are kept; only the envelope's schema and its check are ours. `Powertools parser's envelope`
// tests in eventbridge-envelope.test.ts check both agree on AWS's fixtures.

/**
 * An EventBridge event as a rule's target receives it: the envelope, `detail` unchecked (each consumer's own
 * schema checks it). Extend it with `z.extend(EventBridgeEnvelopeSchema, { source, 'detail-type', detail })`.
 */
export const EventBridgeEnvelopeSchema = z.object({
  version: z.string(),
  id: z.string(),
  source: z.string(),
  account: z.string(),
  time: z.iso.datetime(),
  region: z.string(),
  resources: z.array(z.string()),
  'detail-type': z.string(),
  detail: z.unknown(),
  'replay-name': z.optional(z.string()),
});
export type EventBridgeEnvelope = z.infer<typeof EventBridgeEnvelopeSchema>;

/**
 * The JSON of an SQS message's body, or the error saying why it is not JSON: read once per record and shared by
 * what reads it (its log keys, its personal values, {@link parseEventBridgeBody}).
 */
type JsonBody = { readonly value: unknown } | { readonly error: Error };

export function readJsonBody(body: string): JsonBody {
  try {
    return { value: JSON.parse(body) };
  } catch (error) {
    return { error: error as Error };
  }
}

/**
 * The EventBridge event in an SQS message's body (its text, or its JSON read by {@link readJsonBody}), checked as
 * Powertools' batch parser checked the body (`innerSchema: EventBridgeSchema, transformer: 'json'`): a body that
 * is not JSON or not an EventBridge event throws Powertools' `ParsingError` with the same reason (`body: Invalid
 * JSON - ...`, `body.detail-type: ...`). The SQS record's own fields come from Lambda's event source mapping and
 * are not checked again.
 */
export function parseEventBridgeBody(body: string | JsonBody): EventBridgeEnvelope {
  const read = typeof body === 'string' ? readJsonBody(body) : body;
  if ('error' in read) throw new ParsingError(`body: Invalid JSON - ${read.error.message}`);
  const result = z.safeParse(EventBridgeEnvelopeSchema, read.value);
  if (result.success) return result.data;
  throw new ParsingError(
    result.error.issues.map((issue) => `${['body', ...issue.path].join('.')}: ${issue.message}`).join('; '),
  );
}
