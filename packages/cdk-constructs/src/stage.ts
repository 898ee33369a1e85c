import type { App } from 'aws-cdk-lib';

/** The stage used when none is given on the command line (`cdk synth -c stage=prod`). */
export const DEFAULT_STAGE = 'dev';

const STAGE_PATTERN = /^[a-z][a-z0-9-]{0,15}$/;

/** Thrown when a stage name cannot be used inside AWS resource names. */
export class InvalidStageError extends Error {
  override readonly name = 'InvalidStageError';
}

/**
 * Checks a stage name: lower-case letters, digits and hyphens, starting with a letter, at most 16
 * characters, because it ends up in bucket, queue, table and function names.
 */
export function assertStage(stage: string): string {
  if (!STAGE_PATTERN.test(stage)) {
    throw new InvalidStageError(
      `stage "${stage}" is invalid: use 1-16 lower-case letters, digits or hyphens, starting with a letter`,
    );
  }
  return stage;
}

/** Reads the stage from CDK context (`-c stage=prod`), defaulting to `dev`. */
export function stageFromContext(app: App): string {
  const value: unknown = app.node.tryGetContext('stage');
  if (value === undefined || value === null || value === '') return DEFAULT_STAGE;
  if (typeof value !== 'string')
    throw new InvalidStageError(`stage context must be a string, got ${typeof value}`);
  return assertStage(value);
}

/** Names a resource `sfe-<stage>-<parts...>`, so every stage's resources sit side by side in one account. */
export function resourceName(stage: string, ...parts: readonly string[]): string {
  return ['sfe', assertStage(stage), ...parts].join('-');
}

/**
 * The central bus of a stage, `sfe-<stage>-bus`: infra names it so, and the local runtime answers to it.
 *
 * @example platformBusName('dev') // 'sfe-dev-bus'
 */
export function platformBusName(stage: string): string {
  return resourceName(stage, 'bus');
}

/** The queues of one consumer subscription. */
export interface ConsumerQueueNames {
  /** `sfe-<stage>-<service>-<subscription>`: the rule's target, drained by the function. */
  readonly queue: string;
  /** The queue's dead-letter queue: `<queue>-dlq`. */
  readonly deadLetterQueue: string;
}

/**
 * The names of a consumer subscription's queue and DLQ: `EventConsumer` creates them, and `pnpm sfe dlq
 * --stage` finds them from the service definitions.
 *
 * @example consumerQueueNames('dev', 'email-service', 'learner-emails').deadLetterQueue
 * // 'sfe-dev-email-service-learner-emails-dlq'
 */
export function consumerQueueNames(
  stage: string,
  serviceName: string,
  subscriptionId: string,
): ConsumerQueueNames {
  const queue = resourceName(stage, serviceName, subscriptionId);
  return { queue, deadLetterQueue: deadLetterQueueOf(queue) };
}

const DEAD_LETTER_SUFFIX = '-dlq';

/**
 * The dead-letter queue of `queue`, deployed or local: `<queue>-dlq` (a DLQ is its own).
 *
 * @example deadLetterQueueOf('email-service-learner-emails') // 'email-service-learner-emails-dlq'
 */
export function deadLetterQueueOf(queue: string): string {
  return isDeadLetterQueue(queue) ? queue : `${queue}${DEAD_LETTER_SUFFIX}`;
}

/** Whether `queue` is a dead-letter queue by its name. */
export function isDeadLetterQueue(queue: string): boolean {
  return queue.endsWith(DEAD_LETTER_SUFFIX);
}
