import type { DeliverySettings } from '@sfe/service-definition';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { createLambdaContext } from '../lambda/lambda-context';
import type { QueueMessage, QueueStore } from './queue-store';
import { toSqsRecord } from './sqs-records';

export type QueueHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | undefined>;

/** The consumer's queue and event source mapping settings, from its subscription's delivery settings. */
export interface QueueSettings {
  readonly batchSize: number;
  readonly visibilityTimeoutMs: number;
  readonly maxReceiveCount: number;
  /** The function's timeout (its Lambda context's remaining time). */
  readonly functionTimeoutMs: number;
}

/** The numbers a subscription's definition gives its queue and mapping (the stack reads the same ones). */
export function queueSettingsOf(delivery: DeliverySettings): QueueSettings {
  return {
    batchSize: delivery.batchSize,
    visibilityTimeoutMs: delivery.visibilityTimeoutSeconds * 1000,
    maxReceiveCount: delivery.maxReceiveCount,
    functionTimeoutMs: delivery.functionTimeoutSeconds * 1000,
  };
}

export interface QueueObserver {
  delivered?(queue: string, records: readonly SQSRecord[], failed: ReadonlyMap<string, string>): void;
  deadLettered?(message: QueueMessage): void;
}

export interface QueueEventSourceOptions {
  readonly queues: QueueStore;
  readonly queue: string;
  readonly deadLetterQueue: string;
  readonly functionName: string;
  readonly handler: QueueHandler;
  readonly settings: QueueSettings;
  /** The error behind a message's failure, when something (the consumer's log) told us. */
  readonly errorOf?: (record: SQSRecord) => string | undefined;
  readonly observer?: QueueObserver;
}

/**
 * Lambda's SQS event source mapping: receives batches, invokes the handler with an SQS event, deletes what
 * succeeded. A thrown error fails every message; `batchItemFailures` fails only those (an identifier not in
 * the batch fails them all, as in Lambda). Failed messages stay in the queue and return after the visibility
 * timeout; the queue's redrive policy moves them to the DLQ after `maxReceiveCount` receives.
 */
export class QueueEventSource {
  constructor(private readonly options: QueueEventSourceOptions) {}

  get queue(): string {
    return this.options.queue;
  }

  /**
   * Whether the last poll may have left visible messages behind (its batch was full, or it moved messages to
   * the DLQ). A batch that was not full emptied the queue: the poller then waits for an enqueue to wake it (or
   * its interval, which brings back messages whose visibility timeout ran out) instead of asking again at once.
   */
  get moreMayBeVisible(): boolean {
    return this.lastPollFull;
  }

  private lastPollFull = false;

  /** Delivers one batch; returns false when nothing was visible. */
  async pollOnce(): Promise<boolean> {
    const { queues, settings, observer } = this.options;
    const { received, deadLettered } = await queues.receive(this.options.queue, {
      max: settings.batchSize,
      visibilityTimeoutMs: settings.visibilityTimeoutMs,
      maxReceiveCount: settings.maxReceiveCount,
      deadLetterQueue: this.options.deadLetterQueue,
    });
    for (const message of deadLettered) observer?.deadLettered?.(message);
    this.lastPollFull = received.length >= settings.batchSize || deadLettered.length > 0;
    if (received.length === 0) return deadLettered.length > 0;

    const records = received.map(toSqsRecord);
    const failed = await this.invoke(records);
    await queues.settle(
      records.filter((record) => !failed.has(record.messageId)).map((r) => r.receiptHandle),
      failed,
    );
    observer?.delivered?.(this.options.queue, records, failed);
    return true;
  }

  /** Invokes the handler; returns the failed message ids with their error. */
  private async invoke(records: SQSRecord[]): Promise<Map<string, string>> {
    let response: SQSBatchResponse | undefined;
    try {
      response = await this.options.handler(
        { Records: records },
        createLambdaContext(this.options.functionName, this.options.settings.functionTimeoutMs),
      );
    } catch (error) {
      // Powertools reports an all-failed batch by throwing, with each record's error in order.
      const perRecord = (error as { recordErrors?: unknown[] }).recordErrors;
      return new Map(
        records.map((record, index) => [
          record.messageId,
          this.errorOf(record) ?? describeError(perRecord?.[index] ?? error),
        ]),
      );
    }
    const failures = response?.batchItemFailures ?? [];
    const ids = new Set(records.map((record) => record.messageId));
    if (failures.some((failure) => !ids.has(failure.itemIdentifier))) {
      const reason = 'batchItemFailures named a message id not in the batch: the whole batch failed';
      return new Map(records.map((record) => [record.messageId, reason]));
    }
    return new Map(
      failures.map((failure) => {
        const record = records.find((r) => r.messageId === failure.itemIdentifier) as SQSRecord;
        return [failure.itemIdentifier, this.errorOf(record) ?? 'reported in batchItemFailures'];
      }),
    );
  }

  private errorOf(record: SQSRecord): string | undefined {
    return this.options.errorOf?.(record);
  }
}

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
