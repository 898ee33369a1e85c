import { platformParameterNames } from '@sfe/cdk-constructs/parameters';
import type { DynamoDBRecord } from 'aws-lambda';
import type { CommandIo } from '../command';
import { call, stageFailure } from './dead-letters';
import {
  describeAwsError,
  type HandlerLog,
  isThrottling,
  type ReceivedMessage,
  type StageDeps,
  StageError,
  StreamRecordsGoneError,
} from './stage-aws';
import { describeKeys, type FailedBatchPointer, FailedBatchPointerSchema } from './stream-records';

/** Pointers are hidden from other readers this long while a run works through them. */
const VISIBILITY_TIMEOUT_SECONDS = 30 * 60;

/** What became of one failed-batches message. */
type Outcome =
  /** Every record read back and published (or dead-lettered as malformed, as the function does): deleted. */
  | { readonly kind: 'recovered'; readonly records: number }
  /** The stream no longer has the records: left in the queue. */
  | { readonly kind: 'gone'; readonly reason: string }
  /** Some records were read back and published, the others are no longer in the stream: left in the queue. */
  | { readonly kind: 'partly-gone'; readonly published: number; readonly lost: number }
  /** Records read back but not all published: left in the queue, to run again. */
  | { readonly kind: 'not-published'; readonly failed: readonly string[] }
  /** Not a failed-batch pointer: left in the queue. */
  | { readonly kind: 'not-a-pointer'; readonly reason: string };

interface Pointer {
  readonly message: ReceivedMessage;
  readonly batch: FailedBatchPointer['DDBStreamBatchInfo'];
}

/** Collects the handler's warnings and errors, to show under the pointer they belong to. */
function collectingLog(): HandlerLog & { readonly lines: string[] } {
  const lines: string[] = [];
  const keep =
    (level: string) =>
    (message: string, ...attributes: Record<string, unknown>[]) => {
      const { error, reason, item } = Object.assign({}, ...attributes) as Record<string, unknown>;
      const detail = [item, error ?? reason].filter((part) => part !== undefined).join(': ');
      lines.push(`${level}: ${message}${detail ? ` (${detail})` : ''}`);
    };
  return { lines, debug() {}, info() {}, warn: keep('warn'), error: keep('error') };
}

function pointerOf(message: ReceivedMessage): Pointer | string {
  let body: unknown;
  try {
    body = JSON.parse(message.body);
  } catch {
    return 'its body is not JSON';
  }
  const parsed = FailedBatchPointerSchema.safeParse(body);
  if (!parsed.success) {
    return parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
  }
  return { message, batch: parsed.data.DDBStreamBatchInfo };
}

/** Shard by shard, oldest first: the order the function would have published in. */
function byStreamOrder(a: Pointer, b: Pointer): number {
  if (a.batch.shardId !== b.batch.shardId) return a.batch.shardId < b.batch.shardId ? -1 : 1;
  const difference = BigInt(a.batch.startSequenceNumber) - BigInt(b.batch.startSequenceNumber);
  return difference < 0n ? -1 : difference > 0n ? 1 : 0;
}

const plural = (count: number, word: string, words = `${word}s`) => `${count} ${count === 1 ? word : words}`;

/**
 * `pnpm sfe stream recover --stage`: for each pointer in the stream processor's failed-batches queue (Lambda's
 * on-failure destination, found from the event source mapping on infra's stream), reads the records back from
 * the stream, runs them through the deployed function's own handler (built from its environment), and deletes
 * the pointer only once all its records are published. Pointers whose records the stream no longer has are
 * reported, with the keys of whatever is still readable and the time window of what is not, and left in the
 * queue (made visible again at once): nothing is dropped without a person deciding to.
 */
export async function recoverStream(stage: string, deps: StageDeps, io: CommandIo): Promise<number> {
  const aws = await deps.connect();
  const region = await aws.region();
  const parameter = platformParameterNames(stage).tableStreamArn;
  const { values } = await call(`reading ${parameter} from SSM`, () => aws.parameters.get([parameter]));
  const streamArn = values.get(parameter);
  if (!streamArn) {
    throw new StageError(
      `stage "${stage}" has no ${parameter} in SSM (${region}): deploy infra to it first (pnpm --filter @sfe/infra deploy -- -c stage=${stage})`,
    );
  }
  const mappings = await call(`listing the event source mappings of ${streamArn}`, () =>
    aws.functions.mappingsOf(streamArn),
  );
  const withDestination = mappings.filter((mapping) => mapping.onFailure?.startsWith('arn:aws:sqs:'));
  if (withDestination.length !== 1) {
    throw new StageError(
      mappings.length === 0
        ? `no function reads ${streamArn}: deploy the stream processor to stage ${stage}`
        : `expected one mapping of ${streamArn} with an SQS on-failure destination, found ${withDestination.length} ` +
            `(${mappings.map((m) => `${m.functionArn} → ${m.onFailure ?? 'no destination'}`).join(', ')})`,
    );
  }
  const mapping = withDestination[0] as (typeof withDestination)[number];
  const queueArn = mapping.onFailure ?? '';
  const queueUrl = await call(`finding the failed-batches queue ${queueArn}`, () =>
    aws.queues.urlOf(queueArn),
  );
  const environment = await call(`reading ${mapping.functionArn}'s configuration`, () =>
    aws.functions.environmentOf(mapping.functionArn),
  );
  const log = collectingLog();
  const handle = aws.streamProcessor(environment, log);
  const queueName = queueUrl.slice(queueUrl.lastIndexOf('/') + 1);

  const messages: ReceivedMessage[] = [];
  for (;;) {
    const batch = await call(`receiving from ${queueName}`, () =>
      aws.queues.receive(queueUrl, { max: 10, visibilityTimeoutSeconds: VISIBILITY_TIMEOUT_SECONDS }),
    );
    if (batch.length === 0) break;
    messages.push(...batch);
  }
  if (messages.length === 0) {
    io.stdout(`${queueName} is empty: no failed batches to recover (${region}).\n`);
    return 0;
  }
  io.stdout(
    `${queueName}: ${plural(messages.length, 'failed batch', 'failed batches')}; publishing through ${mapping.functionArn}'s code and settings.\n`,
  );

  const outcomes = new Map<ReceivedMessage, Outcome>();
  const pointers: Pointer[] = [];
  for (const message of messages) {
    const pointer = pointerOf(message);
    if (typeof pointer === 'string') outcomes.set(message, { kind: 'not-a-pointer', reason: pointer });
    else pointers.push(pointer);
  }
  let stopped: StageError | undefined;
  for (const pointer of pointers.sort(byStreamOrder)) {
    if (stopped) break;
    const { batch } = pointer;
    const where = `${batch.shardId} ${batch.startSequenceNumber}..${batch.endSequenceNumber}`;
    log.lines.length = 0;
    let records: DynamoDBRecord[];
    try {
      records = await aws.stream.read(batch);
    } catch (error) {
      if (error instanceof StreamRecordsGoneError) {
        outcomes.set(pointer.message, { kind: 'gone', reason: error.message });
        report(io, where, batch, { kind: 'gone', reason: error.message }, []);
        continue;
      }
      stopped = stageFailure(`reading ${where} from the stream`, error);
      break;
    }
    const failed: string[] = [];
    try {
      if (records.length > 0) {
        const response = await handle({ Records: records });
        failed.push(...response.batchItemFailures.map((failure) => failure.itemIdentifier));
      }
    } catch (error) {
      // Every record failed (Powertools throws), or the handler could not run at all.
      if (isThrottling(error)) {
        stopped = stageFailure('publishing (PutEvents)', error);
      }
      failed.push(...records.map((record) => record.dynamodb?.SequenceNumber ?? '?'));
      log.lines.push(`error: ${describeAwsError(error)}`);
    }
    const lost = Math.max(0, batch.batchSize - records.length);
    const outcome: Outcome =
      failed.length > 0
        ? { kind: 'not-published', failed }
        : lost > 0
          ? records.length === 0
            ? { kind: 'gone', reason: 'the stream returned none of its records' }
            : { kind: 'partly-gone', published: records.length, lost }
          : { kind: 'recovered', records: records.length };
    if (outcome.kind === 'recovered') {
      try {
        await aws.queues.remove(queueUrl, pointer.message.receiptHandle);
      } catch (error) {
        stopped = stageFailure(`deleting the pointer ${where} (its records are published)`, error);
      }
    }
    outcomes.set(pointer.message, outcome);
    report(io, where, batch, outcome, records, log.lines);
  }

  // Whatever stays is made visible again now, for the alarm and the next run, rather than in 30 minutes.
  const kept = messages.filter((message) => outcomes.get(message)?.kind !== 'recovered');
  for (const message of kept) {
    const outcome = outcomes.get(message);
    if (outcome?.kind === 'not-a-pointer') {
      io.stdout(
        `  message ${message.messageId}: not a failed-batch pointer (${outcome.reason}); left in the queue\n`,
      );
    }
    await call(`making ${message.messageId} visible again`, () =>
      aws.queues.release(queueUrl, message.receiptHandle),
    );
  }
  const recovered = messages.length - kept.length;
  io.stdout(
    `Recovered ${recovered} of ${plural(messages.length, 'failed batch', 'failed batches')}` +
      `${kept.length > 0 ? `; ${kept.length} left in ${queueName} (see above)` : ''}.\n`,
  );
  if (stopped) throw new StageError(`stopped early: ${stopped.message}`);
  return kept.length === 0 ? 0 : 1;
}

function report(
  io: CommandIo,
  where: string,
  batch: FailedBatchPointer['DDBStreamBatchInfo'],
  outcome: Outcome,
  records: readonly DynamoDBRecord[],
  logLines: readonly string[] = [],
): void {
  const keys = records.map(describeKeys);
  const window = `changes committed ${batch.approximateArrivalOfFirstRecord ?? '?'} to ${batch.approximateArrivalOfLastRecord ?? '?'}`;
  switch (outcome.kind) {
    case 'recovered':
      io.stdout(
        `  ${where}: published ${plural(outcome.records, 'record')} (${keys.join(', ')}); pointer deleted\n`,
      );
      break;
    case 'gone':
      io.stdout(
        `  ${where}: LOST: ${plural(batch.batchSize, 'record')} no longer in the stream (${outcome.reason}); ` +
          `their item keys went with them: find the items changed in the table, ${window}; pointer left in the queue\n`,
      );
      break;
    case 'partly-gone':
      io.stdout(
        `  ${where}: published the ${plural(outcome.published, 'record')} still in the stream (${keys.join(', ')}); ` +
          `LOST: ${plural(outcome.lost, 'record')} of ${batch.batchSize} no longer in the stream (${window}); pointer left in the queue\n`,
      );
      break;
    case 'not-published': {
      const failedKeys = records
        .filter((record) => outcome.failed.includes(record.dynamodb?.SequenceNumber ?? '?'))
        .map(describeKeys);
      io.stdout(
        `  ${where}: ${plural(outcome.failed.length, 'record')} not published (${failedKeys.join(', ')}); pointer left in the queue to run again\n`,
      );
      break;
    }
    case 'not-a-pointer':
      break;
  }
  for (const line of logLines) io.stdout(`      ${line}\n`);
}
