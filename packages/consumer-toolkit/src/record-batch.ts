import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { LogRedaction } from './log-redaction';
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

/**
 * The counts every consumer publishes per batch (Powertools Metrics, EMF; dimension `service`), so a
 * dashboard or alarm reads them the same way for every consumer.
 */
export const CONSUMER_METRICS = {
  /** Records whose side effect ran. */
  processed: 'EventsProcessed',
  /** Records skipped because their event id was already handled (idempotency). */
  duplicateSkipped: 'DuplicateEventsSkipped',
  /** Records that failed: they return to the queue, and reach the DLQ after maxReceiveCount. */
  failed: 'EventsFailed',
  /** Records deferred because the same event was in progress in another invocation (retried, not broken). */
  deferred: 'EventsDeferred',
} as const;

/** What became of a record that did not fail: its side effect ran, or it was a duplicate. */
export type RecordOutcome = 'processed' | 'duplicate';

export interface RecordBatchOptions {
  readonly logger: Logger;
  /** Receives the batch's {@link CONSUMER_METRICS}; published once the batch is done. */
  readonly metrics: Metrics;
  /** Redacts the failed record's personal values from its failure line. */
  readonly redaction?: LogRedaction;
  readonly lambdaContext: Context;
  /** `false` when records of one batch must not overlap (per-record logger keys, shared items). */
  readonly processInParallel: boolean;
  /**
   * The batch's counts by metric name, when the record handler counts outcomes of its own into it too; the
   * processor adds {@link CONSUMER_METRICS} to the same map, and every count is published once the batch is done.
   */
  readonly counts?: Map<string, number>;
}

/**
 * One SQS batch through Powertools (`BatchProcessor` + `processPartialResponse`), shared by every consumer
 * kind: each failed record is logged once with its messageId, receive count and reason and reported alone in
 * `batchItemFailures`, so SQS retries exactly those and, after maxReceiveCount, moves them to the DLQ.
 */
export async function processRecordBatch<R>(
  event: SQSEvent,
  handleRecord: (record: R) => Promise<RecordOutcome>,
  options: RecordBatchOptions,
): Promise<SQSBatchResponse> {
  // One processor per invocation: its state belongs to one batch, and the local runtime may run two batches
  // of one handler at once.
  const processor = new LoggingBatchProcessor(options);
  try {
    return await processPartialResponse(event, handleRecord, processor, {
      context: options.lambdaContext,
      processInParallel: options.processInParallel,
      // Report every failure in batchItemFailures, even when all failed: SQS retries exactly those messages.
      throwOnFullBatchFailure: false,
    });
  } finally {
    // One value per metric and batch (not one per record): the EMF document stays small.
    for (const [name, count] of processor.counts) options.metrics.addMetric(name, MetricUnit.Count, count);
    if (options.metrics.hasStoredMetrics()) options.metrics.publishStoredMetrics();
  }
}

/**
 * Powertools' BatchProcessor logging why each record failed (the processor itself only collects the error)
 * and counting every record's outcome: the one place every record passes, parsing failures included.
 */
class LoggingBatchProcessor extends BatchProcessor {
  private readonly log: Logger;
  /** This batch's records by outcome, one of {@link CONSUMER_METRICS}, and what the handler counted. */
  readonly counts: Map<string, number>;
  private readonly redaction: LogRedaction | undefined;

  constructor(options: RecordBatchOptions) {
    super(EventType.SQS);
    this.counts = options.counts ?? new Map();
    this.log = options.logger;
    this.redaction = options.redaction;
  }

  override successHandler(record: Parameters<BatchProcessor['successHandler']>[0], result: unknown) {
    const metric = result === 'duplicate' ? CONSUMER_METRICS.duplicateSkipped : CONSUMER_METRICS.processed;
    this.count(metric);
    return super.successHandler(record, result);
  }

  override failureHandler(record: SQSRecord, error: Error) {
    // A record failing before its handler ran (its envelope did not parse) has not been read yet.
    this.redaction?.add(record.body);
    this.log.appendKeys({ ...peekRecordIdentity(record.body) });
    const details = { ...deliveryOf(record), reason: `${error.name}: ${error.message}` };
    // A concurrent duplicate is expected under at-least-once delivery: it is retried, not broken.
    if (error.name === 'IdempotencyAlreadyInProgressError') {
      this.count(CONSUMER_METRICS.deferred);
      this.log.warn('Record deferred: the same event is being handled by another invocation', details);
    } else {
      this.count(CONSUMER_METRICS.failed);
      this.log.error('Record failed: it returns to the queue and reaches the DLQ after maxReceiveCount', {
        ...details,
        error,
      });
    }
    this.log.removeKeys([...RECORD_LOG_KEYS]);
    return super.failureHandler(record, error);
  }

  private count(metric: string): void {
    this.counts.set(metric, (this.counts.get(metric) ?? 0) + 1);
  }
}
