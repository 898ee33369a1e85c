import { consumerQueueNames, resourceName } from '@sfe/cdk-constructs/stage';
import { discoverServices } from '@sfe/service-definition/discovery';
import { SET_ASIDE_QUEUES, service as streamProcessor } from '@sfe/stream-processor/service';
import type { CommandIo } from '../command';
import { UsageError } from '../command';
import {
  describeAwsError,
  isThrottling,
  type MoveTask,
  type QueueState,
  type StageDeps,
  StageError,
} from './stage-aws';

/** A dead-letter queue a deployed stage should have, from the service definitions and the stacks' names. */
export interface ExpectedDeadLetterQueue {
  readonly name: string;
  readonly service: string;
  /** `consumer`: a subscription's DLQ, redriven to `source`; the others are the stream processor's. */
  readonly kind: 'consumer' | 'failed-batches' | 'malformed-records';
  /** The consumer queue a redrive moves messages back to. */
  readonly source?: string;
  /** What `pnpm sfe dlq list` shows as the way out. */
  readonly recovery: string;
}

/**
 * Every DLQ of `stage`: one per subscription of every defined service (named as `EventConsumer` names them),
 * and the stream processor's failed-batches and malformed-records queues (named as its stack names them).
 */
export async function expectedDeadLetterQueues(stage: string): Promise<ExpectedDeadLetterQueue[]> {
  const expected: ExpectedDeadLetterQueue[] = [];
  for (const { definition } of await discoverServices()) {
    for (const subscription of definition.subscriptions) {
      const names = consumerQueueNames(stage, definition.name, subscription.id);
      expected.push({
        name: names.deadLetterQueue,
        service: definition.name,
        kind: 'consumer',
        source: names.queue,
        recovery: `redrive: pnpm sfe dlq redrive ${names.deadLetterQueue} --stage ${stage}`,
      });
    }
  }
  expected.push(
    {
      name: resourceName(stage, streamProcessor.name, SET_ASIDE_QUEUES.failedBatches),
      service: streamProcessor.name,
      kind: 'failed-batches',
      recovery: `recover: pnpm sfe stream recover --stage ${stage}`,
    },
    {
      name: resourceName(stage, streamProcessor.name, SET_ASIDE_QUEUES.malformedRecords),
      service: streamProcessor.name,
      kind: 'malformed-records',
      recovery: 'malformed records, each with its reason: fix the item, and its next change is published',
    },
  );
  return expected;
}

/** A failed AWS call, reworded: throttling says so (after the SDK's retries), the rest names the call. */
export function stageFailure(what: string, error: unknown): StageError {
  if (error instanceof StageError) return error;
  const problem = credentialProblem(error);
  if (problem) return new StageError(`${what} failed: ${problem}`);
  if (isThrottling(error)) {
    return new StageError(
      `AWS throttled ${what} (${describeAwsError(error)}) even after the SDK's retries: wait a minute and run the command again`,
    );
  }
  return new StageError(`${what} failed: ${describeAwsError(error)}`);
}

/** What the standard chain lacked, for the two ways an unconfigured shell fails before reaching AWS. */
function credentialProblem(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  if (error.message === 'Region is missing') {
    return 'no AWS region: set AWS_REGION, or AWS_PROFILE to a profile with a region';
  }
  if (error.name === 'CredentialsProviderError') {
    return `no AWS credentials (${error.message}): set AWS_PROFILE, or run \`aws sso login\`, or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY`;
  }
  return undefined;
}

/** Runs one AWS call, turning its failure into a `StageError` naming `what`. */
export async function call<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw stageFailure(what, error);
  }
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

interface ListedQueue extends ExpectedDeadLetterQueue {
  readonly url: string;
  readonly visible: number;
  readonly inFlight: number;
}

/** `pnpm sfe dlq list --stage`: each DLQ of the stage with its approximate depth, and the ones not deployed. */
export async function listStageDeadLetters(
  stage: string,
  options: { json: boolean },
  deps: StageDeps,
  io: CommandIo,
): Promise<number> {
  const expected = await expectedDeadLetterQueues(stage);
  const aws = await deps.connect();
  const region = await aws.region();
  const urls = await call(`listing the SQS queues of stage ${stage}`, () =>
    aws.queues.list(`${resourceName(stage)}-`),
  );
  const present = expected.filter((queue) => urls.has(queue.name));
  const missing = expected.filter((queue) => !urls.has(queue.name));
  if (present.length === 0) {
    throw new StageError(
      `stage "${stage}" has none of its ${expected.length} dead-letter queues in ${region} ` +
        `(${expected.map((queue) => queue.name).join(', ')}): deploy infra and the apps to it, or check AWS_REGION / AWS_PROFILE`,
    );
  }
  const listed: ListedQueue[] = [];
  for (const queue of present) {
    const url = urls.get(queue.name) ?? '';
    const state: QueueState = await call(`reading ${queue.name}'s depth`, () => aws.queues.state(url));
    listed.push({ ...queue, url, visible: state.visible, inFlight: state.inFlight });
  }
  if (options.json) {
    io.stdout(
      `${JSON.stringify({ stage, region, queues: listed, notDeployed: missing.map((q) => q.name) }, null, 2)}\n`,
    );
    return 0;
  }
  const width = Math.max(...listed.map((queue) => queue.name.length));
  io.stdout(`Dead-letter queues of stage ${stage} (${region}), approximate counts:\n`);
  for (const queue of listed) {
    const depth = `${plural(queue.visible, 'message')}${queue.inFlight > 0 ? ` (+${queue.inFlight} in flight)` : ''}`;
    io.stdout(
      `  ${queue.name.padEnd(width)}  ${depth.padEnd(14)}${queue.visible + queue.inFlight > 0 ? `  ${queue.recovery}` : ''}\n`,
    );
  }
  if (missing.length > 0) {
    io.stdout(
      `Not deployed in ${region}: ${missing.map((queue) => `${queue.name} (${queue.service})`).join(', ')}\n`,
    );
  }
  return 0;
}

/** The DLQ a `dlq redrive` argument names: its full name, or as the local runtime names it (no `sfe-<stage>-`). */
function resolveQueue(
  argument: string,
  stage: string,
  expected: readonly ExpectedDeadLetterQueue[],
): ExpectedDeadLetterQueue {
  const full = argument.startsWith(`${resourceName(stage)}-`) ? argument : resourceName(stage, argument);
  const found = expected.find((queue) => queue.name === full || queue.source === full);
  if (!found) {
    throw new UsageError(
      `unknown queue "${argument}" for stage ${stage}: its dead-letter queues are ${expected.map((queue) => queue.name).join(', ')}`,
    );
  }
  if (found.kind === 'failed-batches') {
    throw new UsageError(
      `${found.name} holds pointers to stream records, not events: recover them with \`pnpm sfe stream recover --stage ${stage}\``,
    );
  }
  if (found.kind === 'malformed-records') {
    throw new UsageError(
      `${found.name} holds malformed stream records with their reason: they would fail again, so they are not redriven (fix the item; its next change is published)`,
    );
  }
  return found;
}

const FINISHED = new Set(['COMPLETED', 'FAILED', 'CANCELLED']);
/** Polls in a row that may be throttled before the command stops watching (the task goes on regardless). */
const MAX_THROTTLED_POLLS = 10;

/**
 * `pnpm sfe dlq redrive <queue> --stage`: one SQS message movement task from the DLQ to its consumer's queue,
 * watched until it finishes. The destination is given explicitly: messages EventBridge could not deliver have
 * no SQS source to go "back" to.
 */
export async function redriveStageDeadLetters(
  argument: string,
  stage: string,
  deps: StageDeps,
  io: CommandIo,
): Promise<number> {
  const queue = resolveQueue(argument, stage, await expectedDeadLetterQueues(stage));
  const aws = await deps.connect();
  const region = await aws.region();
  const urls = await call(`listing the SQS queues of stage ${stage}`, () =>
    aws.queues.list(`${resourceName(stage)}-`),
  );
  const source = queue.source ?? '';
  for (const name of [queue.name, source]) {
    if (!urls.has(name)) {
      throw new StageError(
        `${name} does not exist in ${region}: is ${queue.service} deployed to stage ${stage}?`,
      );
    }
  }
  const dlq = await call(`reading ${queue.name}`, () => aws.queues.state(urls.get(queue.name) ?? ''));
  const destination = await call(`reading ${source}`, () => aws.queues.state(urls.get(source) ?? ''));
  if (dlq.visible === 0) {
    io.stdout(
      `${dlq.name} has no messages to redrive${dlq.inFlight > 0 ? ` (${dlq.inFlight} in flight: someone is reading it; try again later)` : ''}.\n`,
    );
    return 0;
  }
  const handle = await call(`starting to move ${dlq.name}'s messages (StartMessageMoveTask)`, () =>
    aws.queues.startMove(dlq.arn, destination.arn),
  );
  io.stdout(`Moving about ${plural(dlq.visible, 'message')} from ${dlq.name} to ${destination.name}...\n`);
  let lastMoved = -1;
  let throttled = 0;
  for (;;) {
    await deps.sleep(deps.pollIntervalMs);
    let tasks: MoveTask[];
    try {
      tasks = await aws.queues.moveTasks(dlq.arn);
      throttled = 0;
    } catch (error) {
      if (isThrottling(error) && ++throttled < MAX_THROTTLED_POLLS) {
        io.stderr(`  (progress check throttled: ${describeAwsError(error)}; trying again)\n`);
        continue;
      }
      throw stageFailure(
        `watching the move (ListMessageMoveTasks; it goes on without us: \`aws sqs list-message-move-tasks --source-arn ${dlq.arn}\`)`,
        error,
      );
    }
    // ListMessageMoveTasks names a task by its handle only while it runs; the most recent one comes first.
    const task = tasks.find((candidate) => candidate.taskHandle === handle) ?? tasks[0];
    if (!task) continue;
    const total = task.toMove === undefined ? '' : ` of ${task.toMove}`;
    if (task.moved !== lastMoved && !FINISHED.has(task.status)) {
      io.stdout(`  ${task.status.toLowerCase()}: ${task.moved}${total} moved\n`);
      lastMoved = task.moved;
    }
    if (task.status === 'COMPLETED') {
      io.stdout(`Redrove ${plural(task.moved, 'message')} from ${dlq.name} to ${destination.name}.\n`);
      return 0;
    }
    if (task.status === 'FAILED' || task.status === 'CANCELLED') {
      io.stderr(
        `Redrive of ${dlq.name} ${task.status === 'FAILED' ? 'failed' : 'was cancelled'} after moving ${task.moved}${total} messages` +
          `${task.failureReason ? `: ${task.failureReason}` : ''}. The other messages are still in ${dlq.name}; ` +
          `run \`pnpm sfe dlq redrive ${dlq.name} --stage ${stage}\` again once the cause is fixed.\n`,
      );
      return 1;
    }
  }
}
