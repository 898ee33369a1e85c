import '@sfe/events/english-messages';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context, SQSRecord } from 'aws-lambda';
import * as z from 'zod/mini';
import { readMetricsNamespace } from './env';
import { AwsEventValidationError } from './errors';
import { LogRedaction } from './log-redaction';
import { deliveryOf, processRecordBatch, type RecordOutcome, type SqsBatchHandler } from './record-batch';

export interface AwsEventConsumerOptions<Schema extends z.core.$ZodType> {
  /** Names the logger's `service` when no `logger` is given. */
  readonly serviceName: string;
  /** Name of the expected event, for log lines and error messages (`S3 Object Created`). */
  readonly eventName: string;
  /** The zod schema of the AWS event as EventBridge delivers it (the SQS body). */
  readonly schema: Schema;
  /**
   * Acts on one valid event; what it returns is logged with the record. Throwing fails only this record. The
   * invocation's Lambda context is for a `handle` that keeps its own Powertools idempotency records (their
   * in-progress expiry counts down from the function's remaining time).
   */
  readonly handle: (event: z.infer<Schema>, record: SQSRecord, lambdaContext: Context) => Promise<object>;
  readonly logger?: Logger;
  /** Where the batch's counts (`CONSUMER_METRICS`) go, as EMF; Powertools Metrics for the service by default. */
  readonly metrics?: Metrics;
}

/**
 * An SQS consumer of AWS service events (S3, Transcribe, MediaConvert) delivered by an EventBridge rule, the
 * counterpart of `createConsumerHandler` for events that are not ours: each record's body is parsed as JSON
 * and validated against `schema` before `handle` sees it, and the batch goes through the same Powertools
 * processing and failure logging, so a malformed or failing record fails alone (partial batch response), is
 * retried by SQS and finally lands in the DLQ, while the good records behind it succeed.
 *
 * There is no idempotency layer here: AWS events carry no id of ours, so `handle` must be safe to repeat
 * (e.g. conditional writes keyed on the object or job).
 *
 * Validation happens here rather than through Powertools' parser because its errors do not name the event
 * that arrived instead; the reason here names the expected event, the offending fields and what came.
 *
 * @example
 * const handler = createAwsEventConsumer({ serviceName, eventName: 'S3 Object Created', schema, handle });
 */
export function createAwsEventConsumer<Schema extends z.core.$ZodType>(
  options: AwsEventConsumerOptions<Schema>,
): SqsBatchHandler {
  // AWS service events carry none of our personal data fields, but a claim-check link never reaches a line.
  const logger = (options.logger ?? new Logger({ serviceName: options.serviceName })).createChild({
    jsonReplacerFn: new LogRedaction().replacer,
  });
  const metrics =
    options.metrics ??
    new Metrics({ namespace: readMetricsNamespace(), serviceName: options.serviceName, logger });

  async function handleRecord(record: SQSRecord, lambdaContext: Context): Promise<RecordOutcome> {
    const event = parseRecord(record, options);
    const result = await options.handle(event, record, lambdaContext);
    logger.info(`${options.eventName} handled`, { ...deliveryOf(record), ...result });
    return 'processed';
  }

  return (event, lambdaContext) =>
    processRecordBatch(event, (record: SQSRecord) => handleRecord(record, lambdaContext), {
      logger,
      metrics,
      lambdaContext,
      processInParallel: true,
    });
}

function parseRecord<Schema extends z.core.$ZodType>(
  record: SQSRecord,
  options: AwsEventConsumerOptions<Schema>,
): z.infer<Schema> {
  let body: unknown;
  try {
    body = JSON.parse(record.body);
  } catch {
    throw new AwsEventValidationError(
      `message ${record.messageId} is not JSON, so not an ${options.eventName} event`,
    );
  }
  const result = z.safeParse(options.schema, body);
  if (!result.success) {
    const issues = result.error.issues.map(
      (issue) => `${issue.path.join('.') || '(event)'}: ${issue.message}`,
    );
    throw new AwsEventValidationError(
      `message ${record.messageId} is not a valid ${options.eventName} event (${describe(body)}): ${issues.join('; ')}`,
    );
  }
  return result.data;
}

// "source/detail-type" of whatever arrived, so a misrouted event is recognisable in the DLQ reason.
function describe(body: unknown): string {
  if (typeof body !== 'object' || body === null) return typeof body;
  const { source, 'detail-type': detailType } = body as Record<string, unknown>;
  return `source ${JSON.stringify(source)}, detail-type ${JSON.stringify(detailType)}`;
}
