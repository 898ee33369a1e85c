import type { DynamoDBRecord } from 'aws-lambda';

/*
 * What the stage commands (`--stage`) need from AWS, one small interface per service. `aws-stage.ts` implements
 * them with SDK v3 clients (credentials and region from the standard chain); tests drive that implementation
 * with aws-sdk-client-mock, on AWS's documented response shapes.
 */

/** A deployed stage is missing something, or AWS refused: the message says what, and what to do. */
export class StageError extends Error {
  override readonly name: string = 'StageError';
}

/** The stream no longer holds a failed batch's records (trimmed after 24 h, or the stream/shard is gone). */
export class StreamRecordsGoneError extends StageError {
  override readonly name = 'StreamRecordsGoneError';
}

/** One SQS queue's identity and approximate depth. */
export interface QueueState {
  readonly name: string;
  readonly url: string;
  readonly arn: string;
  /** ApproximateNumberOfMessages. */
  readonly visible: number;
  /** ApproximateNumberOfMessagesNotVisible. */
  readonly inFlight: number;
}

/** One message movement task (`ListMessageMoveTasks`). */
export interface MoveTask {
  /** Present while the task runs. */
  readonly taskHandle?: string;
  /** RUNNING, COMPLETED, CANCELLING, CANCELLED or FAILED. */
  readonly status: string;
  readonly moved: number;
  readonly toMove?: number;
  readonly failureReason?: string;
}

export interface ReceivedMessage {
  readonly messageId: string;
  readonly receiptHandle: string;
  readonly body: string;
}

/** SQS. */
export interface StageQueues {
  /** Every queue whose name starts with `prefix`: name → URL. */
  list(prefix: string): Promise<Map<string, string>>;
  /** The URL of a queue given its ARN. */
  urlOf(arn: string): Promise<string>;
  state(url: string): Promise<QueueState>;
  /** Starts moving the messages of `sourceArn` to `destinationArn`; resolves with the task handle. */
  startMove(sourceArn: string, destinationArn: string): Promise<string>;
  /** The most recent movement tasks of a source queue, most recent first. */
  moveTasks(sourceArn: string): Promise<MoveTask[]>;
  receive(
    url: string,
    options: { max: number; visibilityTimeoutSeconds: number },
  ): Promise<ReceivedMessage[]>;
  remove(url: string, receiptHandle: string): Promise<void>;
  /** Makes a received message visible again at once. */
  release(url: string, receiptHandle: string): Promise<void>;
}

export interface ArchiveInfo {
  readonly name: string;
  readonly arn: string;
  /** ENABLED, DISABLED, CREATING, UPDATING, CREATE_FAILED, UPDATE_FAILED. */
  readonly state: string;
  /** 0: kept indefinitely. */
  readonly retentionDays: number;
}

export interface ReplayProgress {
  /** STARTING, RUNNING, CANCELLING, COMPLETED, CANCELLED or FAILED. */
  readonly state: string;
  readonly reason?: string;
  /** The event time the replay has reached. */
  readonly lastReplayed?: Date;
}

export interface StartReplayInput {
  readonly name: string;
  readonly description: string;
  readonly archiveArn: string;
  readonly from: Date;
  readonly to: Date;
  readonly busArn: string;
  /** Only these rules receive the replayed events (default: every rule of the bus). */
  readonly ruleArns?: readonly string[];
}

/** EventBridge. */
export interface StageEvents {
  /** The archives whose source is the bus. */
  archivesOf(busArn: string): Promise<ArchiveInfo[]>;
  /** A rule's ARN, or undefined when the bus has no rule of that name. */
  ruleArn(ruleName: string, busName: string): Promise<string | undefined>;
  startReplay(input: StartReplayInput): Promise<void>;
  describeReplay(name: string): Promise<ReplayProgress>;
}

/** SSM Parameter Store. */
export interface StageParameters {
  /** The values of the parameters that exist, and the names of those that do not. */
  get(names: readonly string[]): Promise<{ values: ReadonlyMap<string, string>; missing: string[] }>;
}

export interface StreamMapping {
  readonly uuid: string;
  readonly functionArn: string;
  readonly state: string;
  /** The on-failure destination's ARN (an SQS queue for the stream processor). */
  readonly onFailure?: string;
}

/** Lambda. */
export interface StageFunctions {
  /** The event source mappings reading `eventSourceArn`. */
  mappingsOf(eventSourceArn: string): Promise<StreamMapping[]>;
  /** A function's environment variables. */
  environmentOf(functionArn: string): Promise<Record<string, string>>;
}

/** Where a failed stream batch was: Lambda's `DDBStreamBatchInfo`. */
export interface StreamRange {
  readonly streamArn: string;
  readonly shardId: string;
  readonly startSequenceNumber: string;
  readonly endSequenceNumber: string;
}

/** DynamoDB Streams. */
export interface StageStream {
  /**
   * The records of `range` still in the stream, shaped as Lambda delivers them. Throws `StreamRecordsGoneError`
   * when the stream no longer has them.
   */
  read(range: StreamRange): Promise<DynamoDBRecord[]>;
}

/** A log the stream processor's handler writes to (its `Log`). */
export interface HandlerLog {
  debug(message: string, ...attributes: Record<string, unknown>[]): void;
  info(message: string, ...attributes: Record<string, unknown>[]): void;
  warn(message: string, ...attributes: Record<string, unknown>[]): void;
  error(message: string, ...attributes: Record<string, unknown>[]): void;
}

/** The deployed stream processor's handler, rebuilt from its function's environment. */
export type StreamProcessor = (event: { Records: DynamoDBRecord[] }) => Promise<{
  batchItemFailures: { itemIdentifier: string }[];
}>;

/** Everything the stage commands reach in AWS. */
export interface StageAws {
  /** The region the SDK resolved (for messages). */
  region(): Promise<string>;
  readonly queues: StageQueues;
  readonly events: StageEvents;
  readonly parameters: StageParameters;
  readonly functions: StageFunctions;
  readonly stream: StageStream;
  /** The stream processor's own handler with the deployed function's environment, on these credentials. */
  streamProcessor(environment: Record<string, string>, log: HandlerLog): StreamProcessor;
}

/** Error codes AWS uses for throttling (the SDK retries them; what is left after its retries reaches us). */
const THROTTLING = new Set([
  'ThrottlingException',
  'Throttling',
  'RequestThrottled',
  'RequestThrottledException',
  'TooManyRequestsException',
  'LimitExceededException',
  'ProvisionedThroughputExceededException',
]);

export function isThrottling(error: unknown): boolean {
  return error instanceof Error && THROTTLING.has(error.name);
}

/** `Name: message` of an AWS error, for reports. */
export function describeAwsError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.message && error.message !== error.name ? `${error.name}: ${error.message}` : error.name;
}

/** How the stage commands reach AWS and wait: injected, so tests use mocked clients and no real time. */
export interface StageDeps {
  readonly connect: () => Promise<StageAws>;
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => Date;
  /** Between two progress polls. */
  readonly pollIntervalMs: number;
}

/** The real thing: SDK clients from the standard chain (loaded only when a command has `--stage`). */
export const awsStageDeps: StageDeps = {
  connect: async () => (await import('./aws-stage')).createAwsStage(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  now: () => new Date(),
  pollIntervalMs: 2000,
};
