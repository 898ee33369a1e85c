import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { SqsBatchHandler } from '@sfe/consumer-toolkit';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import type { z } from 'zod';

/** Base class of the consumer's own errors. */
export class AwsEventConsumerError extends Error {
  override name = 'AwsEventConsumerError';
}

/** An SQS message that is not the AWS event this consumer expects; names every offending field. */
export class AwsEventValidationError extends AwsEventConsumerError {
  override name = 'AwsEventValidationError';
}

export interface AwsEventConsumerOptions<Schema extends z.ZodType> {
  /** Name of the expected event, for error messages (`S3 Object Created`). */
  readonly eventName: string;
  /** The zod schema of the AWS event as EventBridge delivers it (the SQS body). */
  readonly schema: Schema;
  /** Acts on one valid event; what it returns is logged with the record. Throwing fails only this record. */
  readonly handle: (event: z.infer<Schema>, record: SQSRecord) => Promise<object>;
  readonly logger: Logger;
}

/**
 * An SQS consumer of AWS service events (S3, Transcribe, MediaConvert) delivered by an EventBridge rule:
 * each record's body is parsed as JSON and validated against `schema` before `handle` sees it. One
 * Powertools `BatchProcessor` call per batch, so a malformed or failing record fails alone (partial batch
 * response), is retried by SQS and finally lands in the DLQ, while the good records behind it succeed.
 *
 * Validation happens here rather than through Powertools' parser integration because that one logs a
 * failed parse only at debug level; here every failed record, malformed or not, gets one error log line
 * with the reason.
 *
 * @example
 * const handler = createAwsEventConsumer({ eventName: 'Object Created', schema, handle, logger });
 */
export function createAwsEventConsumer<Schema extends z.ZodType>(
  options: AwsEventConsumerOptions<Schema>,
): SqsBatchHandler {
  const { logger } = options;

  async function processRecord(record: SQSRecord): Promise<void> {
    const log = { messageId: record.messageId, receiveCount: record.attributes?.ApproximateReceiveCount };
    try {
      const event = parseRecord(record, options);
      const result = await options.handle(event, record);
      logger.info(`${options.eventName} handled`, { ...log, ...result });
    } catch (error) {
      logger.error(`${options.eventName} record failed`, { ...log, error: error as Error });
      throw error;
    }
  }

  return async (event: SQSEvent, context: Context) => {
    // One processor per invocation: its state belongs to one batch, even if invocations overlap locally.
    const processor = new BatchProcessor(EventType.SQS);
    // A batch where every record failed is reported like any other (all in batchItemFailures), not thrown.
    return processPartialResponse(event, processRecord, processor, {
      context,
      throwOnFullBatchFailure: false,
    });
  };
}

function parseRecord<Schema extends z.ZodType>(
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
  const result = options.schema.safeParse(body);
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
