import { randomUUID } from 'node:crypto';
import type { StreamMappingSettings as StreamMappingDefinition } from '@sfe/service-definition';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { arns } from '../aws-identity';
import { createLambdaContext } from '../lambda/lambda-context';
import { sleep } from '../poller';
import type { SqlDatabase } from '../store/sql-database';
import { type ChangeRow, readChanges, readCheckpoint, writeCheckpoint } from './change-log';
import { fromSequenceNumber, toStreamRecord } from './stream-records';

export type StreamHandler = (
  event: DynamoDBStreamEvent,
  context: Context,
) => Promise<DynamoDBBatchResponse | undefined>;

/** Lambda's event source mapping settings for a DynamoDB stream (the stream processor's definition's). */
export interface StreamMappingSettings {
  readonly batchSize: number;
  readonly bisectBatchOnFunctionError: boolean;
  /** Retries of a failing batch before it goes to the on-failure destination; -1 retries until it expires. */
  readonly maximumRetryAttempts: number;
  /** Records older than this go to the on-failure destination unprocessed; -1 never expires them. */
  readonly maximumRecordAgeInSeconds: number;
  /** First retry delay; doubles with each retry, up to 30 times it. */
  readonly retryDelayMs: number;
}

/** Changes kept in memory for the stream at most; past this many waiting, the log is read back instead. */
export const MAX_FOLLOWED = 10_000;

/** Lambda's first retry delay is not a setting; locally a failing batch is retried after this, doubling. */
export const DEFAULT_RETRY_DELAY_MS = 500;

/** The mapping as the stream processor's definition declares it (its stack reads the same numbers). */
export function streamSettingsOf(
  mapping: StreamMappingDefinition,
  retryDelayMs = DEFAULT_RETRY_DELAY_MS,
): StreamMappingSettings {
  return {
    batchSize: mapping.batchSize,
    bisectBatchOnFunctionError: mapping.bisectBatchOnFunctionError,
    maximumRetryAttempts: mapping.maximumRetryAttempts,
    maximumRecordAgeInSeconds: mapping.maximumRecordAgeSeconds,
    retryDelayMs,
  };
}

/**
 * What Lambda sends an on-failure destination for a stream batch (AWS's invocation record, pointing at the
 * records by sequence number), plus `lastError`, which only the local runtime can add.
 */
export interface StreamFailureRecord {
  readonly requestContext: {
    readonly requestId: string;
    readonly functionArn: string;
    readonly condition: 'RetryAttemptsExhausted' | 'RecordAgeExceeded';
    readonly approximateInvokeCount: number;
  };
  readonly responseContext: {
    readonly statusCode: number;
    readonly executedVersion: string;
    readonly functionError?: string;
  };
  readonly version: '1.0';
  readonly timestamp: string;
  readonly DDBStreamBatchInfo: {
    readonly shardId: string;
    readonly startSequenceNumber: string;
    readonly endSequenceNumber: string;
    readonly approximateArrivalOfFirstRecord: string;
    readonly approximateArrivalOfLastRecord: string;
    readonly batchSize: number;
    readonly streamArn: string;
  };
  readonly lastError?: string;
}

/** What the mapping tells the terminal. */
export interface StreamObserver {
  invoked?(records: readonly DynamoDBRecord[], outcome: string): void;
  failedToDestination?(failure: StreamFailureRecord): void;
}

export interface StreamEventSourceOptions {
  readonly db: SqlDatabase;
  readonly tableName: string;
  readonly functionName: string;
  readonly streamArn: string;
  readonly handler: StreamHandler;
  readonly settings: StreamMappingSettings;
  /** The on-failure destination (a local DLQ). */
  readonly onFailure: (failure: StreamFailureRecord) => Promise<void>;
  /** The error behind a record's failure, when something (the handler's log) told us. */
  readonly errorOf?: (record: DynamoDBRecord) => string | undefined;
  readonly observer?: StreamObserver;
  readonly now?: () => Date;
  /** True once the runtime is stopping: retries are abandoned, uncheckpointed records redeliver next start. */
  readonly stopping?: () => boolean;
  /** Changes kept in memory at most (see `follow`; default {@link MAX_FOLLOWED}). */
  readonly maxFollowed?: number;
}

type Outcome =
  | { readonly kind: 'ok' }
  | { readonly kind: 'partial'; readonly firstFailed: number }
  | { readonly kind: 'error'; readonly message: string };

/**
 * Lambda's event source mapping for a DynamoDB stream, on the local change log: reads in order from a durable
 * checkpoint, invokes the handler with batches, honours `batchItemFailures` (retry from the lowest failed
 * sequence number), bisects a batch on a function error, retries with backoff up to a limit or a record age,
 * then sends the batch's pointers to the on-failure destination. The checkpoint moves only after success, so a
 * crash redelivers (at least once), never skips.
 */
export class StreamEventSource {
  private readonly now: () => Date;
  private readonly shardId = 'shardId-00000000000000000000-00000001';
  /** The checkpoint as this mapping last read or wrote it (it is the only writer of its own checkpoint). */
  private checkpointSeq: bigint | undefined;

  constructor(private readonly options: StreamEventSourceOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Whether the last poll may have left changes behind (its batch was full). Commits wake the poller, so a batch
   * that was not full means the log was read to its end.
   */
  get moreMayBeWaiting(): boolean {
    return this.lastPollFull;
  }

  private lastPollFull = false;

  /**
   * Changes handed over as they commit ({@link follow}), after the checkpoint, in sequence order; `complete` once
   * they are known to be every change after the checkpoint, so the log need not be read back.
   */
  private readonly followed: { changes: ChangeRow[]; following: boolean; complete: boolean } = {
    changes: [],
    following: false,
    complete: false,
  };

  /**
   * Hands over changes of the table as they commit (the store's `onCommit`), so polls take them from memory
   * instead of reading the log back: one round trip less per batch and no images to parse. Every commit must be
   * handed over from the first call on; the log is still read until a read reaches its end after that (what
   * committed before is there), and again whenever more than {@link MAX_FOLLOWED} changes wait.
   */
  follow(changes: readonly ChangeRow[]): void {
    const followed = this.followed;
    followed.following = true;
    for (const change of changes) {
      if (change.tableName !== this.options.tableName) continue;
      // A change the last read of the log already returned, or one delivered, is not kept twice.
      const last = followed.changes.at(-1)?.seq ?? this.checkpointSeq;
      if (last !== undefined && change.seq <= last) continue;
      followed.changes.push(change);
    }
    if (followed.changes.length > (this.options.maxFollowed ?? MAX_FOLLOWED)) {
      followed.changes = [];
      followed.complete = false;
    }
  }

  /** Delivers the next batch after the checkpoint; returns false when there was none. */
  async pollOnce(): Promise<boolean> {
    const { db, tableName, functionName, settings } = this.options;
    this.checkpointSeq ??= await readCheckpoint(db, functionName);
    const checkpoint = this.checkpointSeq;
    const followed = this.followed;
    followed.changes = followed.changes.filter((change) => change.seq > checkpoint);
    let batch: ChangeRow[];
    if (followed.complete) {
      batch = followed.changes.slice(0, settings.batchSize);
    } else {
      const following = followed.following;
      batch = await readChanges(db, tableName, { afterSeq: checkpoint, limit: settings.batchSize });
      // Read to the end while commits were being handed over: whatever commits next is handed over too.
      if (following && batch.length < settings.batchSize) {
        const last = batch.at(-1)?.seq ?? checkpoint;
        followed.changes = followed.changes.filter((change) => change.seq > last);
        followed.complete = true;
      }
    }
    this.lastPollFull = batch.length >= settings.batchSize;
    if (batch.length === 0) return false;
    await this.deliver(batch);
    return true;
  }

  /** Re-invokes the handler for a range of the log (a redrive of the on-failure destination). */
  async redeliver(startSequenceNumber: string, endSequenceNumber: string): Promise<number> {
    const start = fromSequenceNumber(startSequenceNumber);
    const end = fromSequenceNumber(endSequenceNumber);
    if (start === undefined || end === undefined) return 0;
    const records = await readChanges(this.options.db, this.options.tableName, {
      afterSeq: start - 1n,
      throughSeq: end,
      limit: Number(end - start) + 1,
    });
    if (records.length > 0) await this.deliver(records, { checkpoint: false });
    return records.length;
  }

  private async deliver(records: readonly ChangeRow[], mode = { checkpoint: true }): Promise<void> {
    const { settings } = this.options;
    let batch = records;
    let failures = 0;
    while (batch.length > 0) {
      if (this.options.stopping?.()) return;
      const expired = this.countExpired(batch);
      if (expired > 0) {
        await this.sendToDestination(batch.slice(0, expired), 'RecordAgeExceeded', failures, undefined, mode);
        batch = batch.slice(expired);
        failures = 0;
        continue;
      }
      const streamRecords = batch.map((change) => toStreamRecord(change, this.options.streamArn));
      const outcome = await this.invoke(streamRecords);
      this.options.observer?.invoked?.(streamRecords, describeOutcome(outcome, streamRecords));
      if (outcome.kind === 'ok') {
        await this.checkpoint(batch.at(-1), mode);
        return;
      }
      if (outcome.kind === 'partial' && outcome.firstFailed > 0) {
        // Everything before the lowest failed record is done: checkpoint it, retry from the failed one.
        await this.checkpoint(batch[outcome.firstFailed - 1], mode);
        batch = batch.slice(outcome.firstFailed);
        failures = 0;
      }
      failures += 1;
      if (outcome.kind === 'error' && settings.bisectBatchOnFunctionError && batch.length > 1) {
        // Bisecting does not count against the retries: each half starts afresh.
        const half = Math.ceil(batch.length / 2);
        await this.deliver(batch.slice(0, half), mode);
        await this.deliver(batch.slice(half), mode);
        return;
      }
      if (settings.maximumRetryAttempts >= 0 && failures > settings.maximumRetryAttempts) {
        const lastError = outcome.kind === 'error' ? outcome.message : this.errorOfFirst(batch);
        await this.sendToDestination(batch, 'RetryAttemptsExhausted', failures, lastError, mode);
        return;
      }
      await sleep(Math.min(settings.retryDelayMs * 2 ** (failures - 1), settings.retryDelayMs * 30));
    }
  }

  private async invoke(records: DynamoDBRecord[]): Promise<Outcome> {
    let response: DynamoDBBatchResponse | undefined;
    try {
      response = await this.options.handler(
        { Records: records },
        createLambdaContext(this.options.functionName),
      );
    } catch (error) {
      return {
        kind: 'error',
        message: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      };
    }
    const failed = response?.batchItemFailures ?? [];
    if (failed.length === 0) return { kind: 'ok' };
    const positions = failed.map((failure) =>
      records.findIndex((record) => record.dynamodb?.SequenceNumber === failure.itemIdentifier),
    );
    // As in Lambda: an identifier that is empty or not in the batch fails the whole batch.
    if (positions.some((position) => position < 0)) {
      return { kind: 'error', message: 'batchItemFailures named a sequence number not in the batch' };
    }
    return { kind: 'partial', firstFailed: Math.min(...positions) };
  }

  private countExpired(batch: readonly ChangeRow[]): number {
    const maxAge = this.options.settings.maximumRecordAgeInSeconds;
    if (maxAge < 0) return 0;
    const oldest = this.now().getTime() - maxAge * 1000;
    const index = batch.findIndex((change) => change.createdAt.getTime() >= oldest);
    return index < 0 ? batch.length : index;
  }

  private errorOfFirst(batch: readonly ChangeRow[]): string {
    const first = batch[0] && toStreamRecord(batch[0], this.options.streamArn);
    const reason = first && this.options.errorOf?.(first);
    return reason ?? `record ${first?.dynamodb?.SequenceNumber} was reported in batchItemFailures`;
  }

  private async sendToDestination(
    batch: readonly ChangeRow[],
    condition: StreamFailureRecord['requestContext']['condition'],
    invokeCount: number,
    lastError: string | undefined,
    mode: { checkpoint: boolean },
  ): Promise<void> {
    const first = batch[0];
    const last = batch.at(-1);
    if (!first || !last) return;
    const failure: StreamFailureRecord = {
      requestContext: {
        requestId: randomUUID(),
        functionArn: arns.function(this.options.functionName),
        condition,
        approximateInvokeCount: invokeCount,
      },
      responseContext: {
        statusCode: 200,
        executedVersion: '$LATEST',
        ...(condition === 'RetryAttemptsExhausted' ? { functionError: 'Unhandled' } : {}),
      },
      version: '1.0',
      timestamp: this.now().toISOString(),
      DDBStreamBatchInfo: {
        shardId: this.shardId,
        startSequenceNumber: toStreamRecord(first, this.options.streamArn).dynamodb?.SequenceNumber ?? '',
        endSequenceNumber: toStreamRecord(last, this.options.streamArn).dynamodb?.SequenceNumber ?? '',
        approximateArrivalOfFirstRecord: awsTime(first.createdAt),
        approximateArrivalOfLastRecord: awsTime(last.createdAt),
        batchSize: batch.length,
        streamArn: this.options.streamArn,
      },
      ...(lastError ? { lastError } : {}),
    };
    // The destination is written before the checkpoint moves: a crash in between sends it twice, never loses it.
    await this.options.onFailure(failure);
    this.options.observer?.failedToDestination?.(failure);
    await this.checkpoint(last, mode);
  }

  private async checkpoint(change: ChangeRow | undefined, mode: { checkpoint: boolean }): Promise<void> {
    if (!change || !mode.checkpoint) return;
    await writeCheckpoint(this.options.db, this.options.functionName, change.seq);
    if (this.checkpointSeq === undefined || change.seq > this.checkpointSeq) this.checkpointSeq = change.seq;
  }
}

function describeOutcome(outcome: Outcome, records: readonly DynamoDBRecord[]): string {
  switch (outcome.kind) {
    case 'ok':
      return 'ok';
    case 'partial':
      return `retry from ${records[outcome.firstFailed]?.dynamodb?.SequenceNumber}`;
    case 'error':
      return `error: ${outcome.message}`;
  }
}

function awsTime(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}
