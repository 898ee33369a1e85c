import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type { IdempotencyConfigOptions } from '@aws-lambda-powertools/idempotency/types';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import {
  type ClaimCheckFetcher,
  type DomainEvent,
  type DomainEventOfType,
  type EventTypeName,
  eventDepth,
  MAX_EVENT_ARCHIVE_RETENTION_DAYS,
  parseEvent,
} from '@sfe/events';
import type { Context, SQSRecord } from 'aws-lambda';
import { readMetricsNamespace } from './env';
import { LoopGuardError, UnacceptedEventError } from './errors';
import { parseEventBridgeBody, readJsonBody } from './eventbridge-envelope';
import { LogRedaction } from './log-redaction';
import { deliveryOf, processRecordBatch, type RecordOutcome, type SqsBatchHandler } from './record-batch';
import { peekRecordIdentity, RECORD_LOG_KEYS } from './record-identity';

export type { SqsBatchHandler } from './record-batch';

/** What a record's handler gets besides the event. */
export interface ConsumerContext {
  /**
   * Carries `correlationId`, `eventType`, `eventId` and `eventVersion` on every line for this record, and
   * replaces the record's personal data (the fields marked in its schema) and claim-check links in every line.
   */
  readonly logger: Logger;
  readonly lambdaContext: Context;
  readonly messageId: string;
  /** How many times SQS has delivered this message, this delivery included. */
  readonly receiveCount: number;
  /**
   * Counts one of the use case's own outcomes (e.g. an email skipped for a suppressed address) in a metric of
   * that name, published with the batch's `CONSUMER_METRICS` (Powertools Metrics, one value per batch).
   */
  readonly count: (metric: string) => void;
}

export interface ConsumerIdempotencyOptions {
  /** `DynamoDBPersistenceLayer` in AWS (`@sfe/consumer-toolkit/aws`), `TableStorePersistenceLayer` locally. */
  readonly persistenceStore: BasePersistenceLayer;
  /** Powertools settings; the key is always the event's `metadata.id`. */
  readonly config?: Omit<IdempotencyConfigOptions, 'eventKeyJmesPath' | 'lambdaContext'>;
}

export interface ConsumerHandlerOptions<A extends readonly EventTypeName[]> {
  /** Names the logger's `service` and prefixes idempotency keys, so services can share a table. */
  readonly serviceName: string;
  /** Event types this consumer handles; any other type fails its record. */
  readonly accepts: A;
  /**
   * The side effect for one event, run at most once per `metadata.id` while its idempotency record lives.
   * Throw to fail the record: the idempotency record is removed and SQS redelivers it later. Because a
   * failure can happen after part of the work is done, every step must be safe to repeat. An object it returns
   * (what it sent, where) is logged on the record's `Handled event` line, so a record takes one line, not two.
   */
  readonly handle: (event: DomainEventOfType<A[number]>, context: ConsumerContext) => Promise<unknown>;
  readonly idempotency: ConsumerIdempotencyOptions;
  /** Restores claim-checked payloads; without it a claim-checked event fails its record. */
  readonly fetchClaimCheck?: ClaimCheckFetcher;
  readonly logger?: Logger;
  /**
   * The loop guard: an event whose `metadata.depth` exceeds this fails its record before any side effect
   * (default {@link DEFAULT_MAX_EVENT_DEPTH}).
   */
  readonly maxDepth?: number;
  /**
   * Where the batch's counts (`CONSUMER_METRICS`) and the loop guard's refusals (`LoopGuardRefusals`) go, as EMF;
   * Powertools Metrics for the service by default.
   */
  readonly metrics?: Metrics;
}

/**
 * How many causal steps an event may be from a person's write before consumers refuse it. Today's longest
 * chain is 2 (CourseCompleted, then CertificateGenerated from the certificate item), so 8 leaves room for
 * longer flows and stops a loop after a few turns.
 */
export const DEFAULT_MAX_EVENT_DEPTH = 8;

/** The metric (count) of events the loop guard refused, dimensioned by `service`. */
export const LOOP_GUARD_METRIC = 'LoopGuardRefusals';

/**
 * How long a handled event's id is remembered: longer than the bus archive keeps events (the longest retention
 * of any stage, `MAX_EVENT_ARCHIVE_RETENTION_DAYS` of `@sfe/events`), plus a day. A replay re-delivers archived
 * events with their ids, so an event replayed at any time the archive still holds it finds its record and its
 * side effect (an email, a chat message, a certificate, a count) is not repeated. The extra day covers an event
 * handled after it was archived (a retry, a redrive) and the archive's deletion, which is not instantaneous.
 * Duplicates from EventBridge and SQS (minutes) and redeliveries are covered too. Expired records are removed
 * by the table's TTL.
 */
export const DEFAULT_IDEMPOTENCY_EXPIRY_SECONDS = (MAX_EVENT_ARCHIVE_RETENTION_DAYS + 1) * 24 * 60 * 60;

/** The JMESPath of the idempotency key inside a parsed event. */
export const IDEMPOTENCY_KEY_PATH = 'metadata.id';

/**
 * Builds the Lambda handler of an SQS queue fed by an EventBridge rule, with Powertools doing the work:
 * `BatchProcessor` + `processPartialResponse` report each failed record alone; `parseEventBridgeBody` validates
 * the body's EventBridge envelope (as Powertools' batch parser would, without zod classic); `parseEvent`
 * validates our contract (type, version, payload, claim check); `makeIdempotent` runs `handle` once per event
 * id; the Logger tags each record's lines.
 *
 * A record that is malformed, of an unknown version or of a type not in `accepts`, deeper than `maxDepth` (the
 * loop guard: `LoopGuardError`, counted in the `LoopGuardRefusals` metric), or whose handler throws, fails alone: it is logged with the reason, returns to the queue and reaches the DLQ after maxReceiveCount.
 *
 * @example
 * export const createHandler = (deps: Deps) => createConsumerHandler({
 *   serviceName: 'certificate-service',
 *   accepts: [EventType.CourseCompleted],
 *   handle: (event) => issueCertificate(upgradeEvent(event), deps),
 *   idempotency: { persistenceStore: deps.idempotencyStore },
 * });
 */
export function createConsumerHandler<const A extends readonly EventTypeName[]>(
  options: ConsumerHandlerOptions<A>,
): SqsBatchHandler {
  const redaction = new LogRedaction();
  // A child of the given logger (its level, service, keys and output) whose every line is redacted.
  const logger = (options.logger ?? new Logger({ serviceName: options.serviceName })).createChild({
    jsonReplacerFn: redaction.replacer,
  });
  const accepted = new Set<string>(options.accepts);
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_EVENT_DEPTH;
  const metrics =
    options.metrics ??
    new Metrics({ namespace: readMetricsNamespace(), serviceName: options.serviceName, logger });
  // Our contract is checked by parseEvent: restoring a claim check is an async fetch plus a SHA-256 check, and
  // parseEvent also matches detail-type and source against the metadata. The EventBridge envelope is checked
  // first, by parseEventBridgeBody.
  const parse = (body: unknown): Promise<DomainEvent> =>
    options.fetchClaimCheck
      ? parseEvent(body, { fetchClaimCheck: options.fetchClaimCheck })
      : Promise.resolve().then(() => parseEvent(body));

  return async (event, lambdaContext) => {
    // Built per invocation: the processor and the config hold per-batch state (records, the Lambda context),
    // and the local runtime may run two batches of one handler at once.
    const idempotencyConfig = new IdempotencyConfig({
      expiresAfterSeconds: DEFAULT_IDEMPOTENCY_EXPIRY_SECONDS,
      ...options.idempotency.config,
      eventKeyJmesPath: IDEMPOTENCY_KEY_PATH,
      throwOnNoIdempotencyKey: true,
    });
    // In-progress records expire with the invocation, so a retry after a crash or timeout is not locked out.
    idempotencyConfig.registerLambdaContext(lambdaContext);
    const handleOnce = makeIdempotent(
      async (domainEvent: DomainEvent, run: RecordRun): Promise<void> => {
        run.ran = true;
        // Kept for the log line, not returned: Powertools would store it in the idempotency record.
        const handled = await options.handle(domainEvent as DomainEventOfType<A[number]>, run.context);
        if (typeof handled === 'object' && handled !== null) run.handled = handled;
      },
      {
        persistenceStore: options.idempotency.persistenceStore,
        config: idempotencyConfig,
        keyPrefix: options.serviceName,
        dataIndexArgument: 0,
      },
    );

    // The batch's counts, shared with the processor: what `handle` counts is published with its outcomes.
    const counts = new Map<string, number>();
    const count = (metric: string) => counts.set(metric, (counts.get(metric) ?? 0) + 1);

    const handleRecord = async (record: SQSRecord): Promise<RecordOutcome> => {
      // The body's JSON, read once for its log keys, its personal values and its envelope.
      const body = readJsonBody(record.body);
      const json = 'value' in body ? body.value : undefined;
      redaction.reset(json);
      logger.appendKeys({ ...peekRecordIdentity(json) });
      try {
        const domainEvent = await parse(parseEventBridgeBody(body));
        // A claim-checked payload's values are known only now.
        redaction.add(domainEvent);
        if (!accepted.has(domainEvent.metadata.type)) {
          throw new UnacceptedEventError(domainEvent.metadata.type, options.accepts);
        }
        // Before idempotency and `handle`: a refused event leaves no side effect and no idempotency record.
        const depth = eventDepth(domainEvent);
        if (depth > maxDepth) {
          metrics.addMetric(LOOP_GUARD_METRIC, MetricUnit.Count, 1);
          throw new LoopGuardError(depth, maxDepth);
        }
        const run: RecordRun = {
          ran: false,
          handled: {},
          context: { logger, lambdaContext, count, ...deliveryOf(record) },
        };
        await handleOnce(domainEvent, run);
        if (run.ran) logger.info('Handled event', { ...run.handled });
        else logger.info('Skipped duplicate delivery: this event id was already handled');
        return run.ran ? 'processed' : 'duplicate';
      } finally {
        logger.removeKeys([...RECORD_LOG_KEYS]);
      }
    };

    return processRecordBatch(event, handleRecord, {
      logger,
      metrics,
      redaction,
      lambdaContext,
      counts,
      // One record at a time: the logger's keys belong to the record being handled, and records touching the
      // same items (e.g. one day's counter) do not conflict with each other inside a batch.
      processInParallel: false,
    });
  };
}

interface RecordRun {
  ran: boolean;
  handled: object;
  readonly context: ConsumerContext;
}
