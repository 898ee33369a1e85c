import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { ClaimCheckStore } from '@sfe/events';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { DeadLetterSink } from './adapters/dead-letter-sink';
import type { EventPublisher } from './adapters/event-publisher';
import { HeldBackError, MalformedRecordError, PublishError } from './domain/errors';
import { findPrecedingChanges, itemKeyOf } from './domain/item-order';
import type { EntryFailure, RetryPolicy } from './domain/publish-events';
import { createPublishQueue, type PublishQueue } from './domain/publish-queue';
import { buildRecordEntries, type RecordEntriesOptions } from './domain/record-entries';
import type { Log } from './log';
import { personalValuesOfEvents, personalValuesOfRecord, redactingLog } from './log-redaction';

/** Everything the handler talks to, injected: AWS clients in Lambda, local stand-ins in the runtime and tests. */
export interface HandlerDeps {
  readonly publisher: EventPublisher;
  readonly deadLetters: DeadLetterSink;
  readonly claimCheckStore: ClaimCheckStore;
  readonly busName: string;
  readonly emitCourseCompletedV1: boolean;
  /** Default true. */
  readonly emitCertificateGeneratedV1?: boolean;
  /** Every line about a record has its personal data and claim-check links redacted (`redactingLog`). */
  readonly logger: Log;
  /**
   * Receives `EventsPublished` (count, dimension `eventType`) once per batch and type, as EMF (Powertools
   * Metrics in Lambda); none when absent (the local runtime, the CLI's dry run).
   */
  readonly metrics?: Metrics;
  /** Retries of entries EventBridge rejected (default: 4 attempts, 100 ms base, 2 s cap, full jitter). */
  readonly retry?: RetryPolicy;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  /** Entries larger than this travel by claim check (default: EventBridge's 1 MB). */
  readonly maxEntryBytes?: number;
}

/** The metric counting the events published, one EMF document per batch and `eventType`. */
export const EVENTS_PUBLISHED_METRIC = 'EventsPublished';

export type StreamHandler = (event: DynamoDBStreamEvent, context?: Context) => Promise<DynamoDBBatchResponse>;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The Lambda handler for the platform table's stream: each record's business facts go to the bus, and the
 * response lists the records that must be retried (`batchItemFailures`, Powertools' BatchProcessor).
 *
 * Order: Lambda retries a stream batch from the lowest failed sequence number, redelivering everything after
 * it. Records are handled concurrently, but a record whose item had an earlier change in this batch waits for
 * it, and fails (HeldBackError) if that change failed: a later fact about an item is never published before
 * an earlier one. Records of other items still publish; they are republished on the retry with the same ids
 * and bytes, and consumers de-duplicate them.
 *
 * Malformed records (images that do not unmarshal, invalid items, events their item cannot fill) go to the
 * dead-letter sink with the reason and count as handled, so they never block the stream.
 */
export function createHandler(deps: HandlerDeps): StreamHandler {
  const options: RecordEntriesOptions = {
    busName: deps.busName,
    claimCheckStore: deps.claimCheckStore,
    emitCourseCompletedV1: deps.emitCourseCompletedV1,
    emitCertificateGeneratedV1: deps.emitCertificateGeneratedV1 ?? true,
    maxEntryBytes: deps.maxEntryBytes,
  };
  const { logger } = deps;

  return async (event, context) => {
    if (context) logger.addContext?.(context);
    // Per invocation: the processor and the queue hold batch state, and a local runtime may invoke concurrently.
    const processor = new BatchProcessor(EventType.DynamoDBStreams);
    const queue = createPublishQueue({
      ...deps.retry,
      publisher: deps.publisher,
      sleep: deps.sleep ?? defaultSleep,
      random: deps.random ?? Math.random,
    });
    const preceding = findPrecedingChanges(event.Records);
    const outcomes = new Map(event.Records.map((record) => [record, settleable()]));
    const published = new Map<string, number>();

    const handleRecord = async (record: DynamoDBRecord) => {
      const outcome = outcomes.get(record);
      try {
        const types = await processRecord(record, preceding.get(record), outcomes, queue);
        for (const type of types) published.set(type, (published.get(type) ?? 0) + 1);
        outcome?.settle(true);
      } catch (error) {
        outcome?.settle(false);
        redactingLog(logger, personalValuesOfRecord(record)).error('record failed; it will be retried', {
          ...recordAttributes(record),
          error: describe(error),
        });
        throw error;
      }
    };
    try {
      return await processPartialResponse(event, handleRecord, processor, context ? { context } : undefined);
    } finally {
      if (deps.metrics) publishCounts(deps.metrics, published);
    }
  };

  async function processRecord(
    record: DynamoDBRecord,
    previous: DynamoDBRecord | undefined,
    outcomes: Map<DynamoDBRecord, Settleable>,
    queue: PublishQueue,
  ): Promise<string[]> {
    const log = redactingLog(logger, personalValuesOfRecord(record));
    let plan: Awaited<ReturnType<typeof buildRecordEntries>>;
    try {
      plan = await buildRecordEntries(record, options);
    } catch (error) {
      if (!(error instanceof MalformedRecordError)) throw error;
      // If the sink fails the error propagates: the record fails and is retried rather than lost.
      await deps.deadLetters.send({ reason: error.message, record });
      log.error('malformed record sent to the dead-letter queue', {
        ...recordAttributes(record),
        reason: error.message,
      });
      return [];
    }
    if (plan.kind === 'unknown-entity') {
      log.warn('skipped a record of an unknown entity type', {
        ...recordAttributes(record),
        entityType: plan.entityType,
      });
      return [];
    }
    if (plan.kind === 'no-transition') {
      log.debug('no transition: nothing to publish', { ...recordAttributes(record), reason: plan.reason });
      return [];
    }
    if (previous && !(await outcomes.get(previous)?.settled)) {
      throw new HeldBackError(
        `record ${record.eventID}: held back because an earlier change to the same item ` +
          `(${previous.eventID}, sequence ${previous.dynamodb?.SequenceNumber}) failed`,
      );
    }
    const failures = await queue.publish(plan.entries);
    const events = plan.published.map((e) => ({
      type: e.metadata.type,
      version: e.metadata.version,
      id: e.metadata.id,
    }));
    const correlationId = plan.published[0]?.metadata.correlationId;
    if (failures.length > 0) {
      throw new PublishError(`record ${record.eventID}: ${describeFailures(failures, plan.published)}`);
    }
    redactingLog(logger, [...personalValuesOfRecord(record), ...personalValuesOfEvents(plan.published)]).info(
      'published',
      { ...recordAttributes(record), correlationId, events },
    );
    return plan.published.map((e) => e.metadata.type);
  }
}

/** One EMF document per event type published in the batch (the dimension differs, so the documents do). */
function publishCounts(metrics: Metrics, published: ReadonlyMap<string, number>): void {
  for (const [eventType, count] of published) {
    metrics.addDimension('eventType', eventType);
    metrics.addMetric(EVENTS_PUBLISHED_METRIC, MetricUnit.Count, count);
    metrics.publishStoredMetrics();
  }
}

function describeFailures(
  failures: readonly EntryFailure[],
  published: readonly { metadata: { type: string; version: number; id: string } }[],
): string {
  const details = failures.map((f) => {
    const event = published[f.index]?.metadata;
    return `${event?.type} v${event?.version} ${event?.id}: ${f.errorCode} (${f.errorMessage}) after ${f.attempts} attempts`;
  });
  return `${failures.length} of ${published.length} events not accepted by EventBridge: ${details.join('; ')}`;
}

function recordAttributes(record: DynamoDBRecord): Record<string, unknown> {
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    sequenceNumber: record.dynamodb?.SequenceNumber,
    item: itemKeyOf(record),
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

interface Settleable {
  /** Resolves true once the record succeeded (or was dead-lettered), false once it failed. */
  readonly settled: Promise<boolean>;
  readonly settle: (ok: boolean) => void;
}

function settleable(): Settleable {
  let settle: (ok: boolean) => void = () => {};
  const settled = new Promise<boolean>((resolve) => {
    settle = resolve;
  });
  return { settled, settle };
}

let awsHandler: StreamHandler | undefined;

/**
 * The deployed entry point. AWS clients are created on the first invocation (and imported lazily, so tests and
 * the local runtime importing this module never load the SDK), then reused while the container lives.
 */
export const handler: StreamHandler = async (event, context) => {
  if (!awsHandler) {
    const [{ createAwsDeps }, { loadEnv }] = await Promise.all([import('./aws-deps'), import('./env')]);
    awsHandler = createHandler(createAwsDeps(loadEnv()));
  }
  return awsHandler(event, context);
};
