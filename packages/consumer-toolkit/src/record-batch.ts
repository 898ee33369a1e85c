import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { BatchProcessorConfig } from '@aws-lambda-powertools/batch/types';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { peekRecordIdentity, RECORD_LOG_KEYS } from './record-identity';

/** The Lambda handler of an SQS event source mapping with `ReportBatchItemFailures`. */
export type SqsBatchHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

/** Which SQS delivery a record is, for its log lines. */
export interface RecordDelivery {
  readonly messageId: string;
  /** How many times SQS has delivered this message, this delivery included. */
  readonly receiveCount: number;
}

export function deliveryOf(record: {
  readonly messageId: string;
  readonly attributes?: { readonly ApproximateReceiveCount?: string };
}): RecordDelivery {
  return {
    messageId: record.messageId,
    receiveCount: Number(record.attributes?.ApproximateReceiveCount ?? '1'),
  };
}

export interface RecordBatchOptions {
  readonly logger: Logger;
  readonly lambdaContext: Context;
  /** Powertools' batch parser settings, when the processor validates each record before the handler. */
  readonly parser?: BatchProcessorConfig;
  /** `false` when records of one batch must not overlap (per-record logger keys, shared items). */
  readonly processInParallel: boolean;
}

/**
 * One SQS batch through Powertools (`BatchProcessor` + `processPartialResponse`), shared by every consumer
 * kind: each failed record is logged once with its messageId, receive count and reason and reported alone in
 * `batchItemFailures`, so SQS retries exactly those and, after maxReceiveCount, moves them to the DLQ.
 */
export function processRecordBatch<R>(
  event: SQSEvent,
  handleRecord: (record: R) => Promise<void>,
  options: RecordBatchOptions,
): Promise<SQSBatchResponse> {
  // One processor per invocation: its state belongs to one batch, and the local runtime may run two batches
  // of one handler at once.
  const processor = new LoggingBatchProcessor(options.logger, options.parser);
  return processPartialResponse(event, handleRecord, processor, {
    context: options.lambdaContext,
    processInParallel: options.processInParallel,
    // Report every failure in batchItemFailures, even when all failed: SQS retries exactly those messages.
    throwOnFullBatchFailure: false,
  });
}

/**
 * Powertools' BatchProcessor logging why each record failed (the processor itself only collects the error):
 * the one place every failure passes, parsing ones included.
 */
class LoggingBatchProcessor extends BatchProcessor {
  constructor(
    private readonly log: Logger,
    parser: BatchProcessorConfig | undefined,
  ) {
    super(EventType.SQS, parser ? { ...parser, logger: log } : undefined);
  }

  override failureHandler(record: SQSRecord, error: Error) {
    this.log.appendKeys({ ...peekRecordIdentity(record.body) });
    const details = { ...deliveryOf(record), reason: `${error.name}: ${error.message}` };
    // A concurrent duplicate is expected under at-least-once delivery: it is retried, not broken.
    if (error.name === 'IdempotencyAlreadyInProgressError') {
      this.log.warn('Record deferred: the same event is being handled by another invocation', details);
    } else {
      this.log.error('Record failed: it returns to the queue and reaches the DLQ after maxReceiveCount', {
        ...details,
        error,
      });
    }
    this.log.removeKeys([...RECORD_LOG_KEYS]);
    return super.failureHandler(record, error);
  }
}
