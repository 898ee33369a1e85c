import * as z from 'zod/mini';
import '@sfe/events/english-messages';

/**
 * How one subscription's events reach its function: the SQS queue, its DLQ and the event source mapping.
 * CDK (`EventConsumer`) and the local runtime's queues both read these numbers from the service definition.
 */
export interface DeliverySettings {
  /** Messages per invocation (the mapping's `BatchSize`; above 10 needs a batching window). */
  readonly batchSize: number;
  /** How long the mapping gathers a batch (`MaximumBatchingWindowInSeconds`); 0 = none. */
  readonly maxBatchingWindowSeconds: number;
  /** Cap on concurrent invocations from the queue (`ScalingConfig.MaximumConcurrency`); none when absent. */
  readonly maxConcurrency?: number;
  /** The function's timeout. */
  readonly functionTimeoutSeconds: number;
  /** The queue's visibility timeout: how long a received message stays hidden before it is retried. */
  readonly visibilityTimeoutSeconds: number;
  /** Receives before a message moves to the DLQ (the queue's redrive policy). */
  readonly maxReceiveCount: number;
  /** How long the DLQ keeps a message. */
  readonly deadLetterRetentionDays: number;
}

/** AWS recommends a queue visibility timeout of at least six times the consuming function's timeout. */
export const VISIBILITY_TIMEOUT_FACTOR = 6;

/** What a subscription gets when its definition says nothing. */
export const DEFAULT_DELIVERY: DeliverySettings = {
  batchSize: 10,
  maxBatchingWindowSeconds: 0,
  functionTimeoutSeconds: 30,
  visibilityTimeoutSeconds: 30 * VISIBILITY_TIMEOUT_FACTOR,
  maxReceiveCount: 5,
  deadLetterRetentionDays: 14,
};

const int = (min: number, max: number) => z.number().check(z.int(), z.gte(min), z.lte(max));

// AWS's limits for an SQS queue and an SQS event source mapping, checked before CloudFormation would refuse them.
const DeliverySchema = z
  .object({
    batchSize: int(1, 10_000),
    maxBatchingWindowSeconds: int(0, 300),
    maxConcurrency: z.optional(int(2, 1000)),
    functionTimeoutSeconds: int(1, 900),
    visibilityTimeoutSeconds: int(0, 43_200),
    maxReceiveCount: int(1, 1000),
    deadLetterRetentionDays: int(1, 14),
  })
  .check(
    z.superRefine((value, context) => {
      if (value.batchSize > 10 && value.maxBatchingWindowSeconds < 1) {
        context.addIssue({
          code: 'custom',
          path: ['maxBatchingWindowSeconds'],
          message: 'a batch size above 10 needs a batching window of at least 1 second',
        });
      }
      if (value.visibilityTimeoutSeconds < value.functionTimeoutSeconds) {
        context.addIssue({
          code: 'custom',
          path: ['visibilityTimeoutSeconds'],
          message: `must be at least the function timeout (${value.functionTimeoutSeconds} s)`,
        });
      }
    }),
  );

/**
 * A subscription's settings over the defaults; the visibility timeout follows the function timeout (six times)
 * unless it is given. Throws naming every setting outside AWS's limits.
 */
export function resolveDelivery(given: Partial<DeliverySettings> = {}): DeliverySettings {
  const functionTimeoutSeconds = given.functionTimeoutSeconds ?? DEFAULT_DELIVERY.functionTimeoutSeconds;
  const settings = {
    ...DEFAULT_DELIVERY,
    visibilityTimeoutSeconds: functionTimeoutSeconds * VISIBILITY_TIMEOUT_FACTOR,
    ...given,
  };
  const result = DeliverySchema.safeParse(settings);
  if (!result.success) {
    throw new Error(
      result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '),
    );
  }
  return result.data;
}

/** Lambda's event source mapping on a DynamoDB stream (the stream processor's). */
export interface StreamMappingSettings {
  /** Stream records per invocation. */
  readonly batchSize: number;
  readonly bisectBatchOnFunctionError: boolean;
  /** Retries of a failing batch before it goes to the on-failure destination; -1 = until the record expires. */
  readonly maximumRetryAttempts: number;
  /** Records older than this go to the on-failure destination unprocessed; -1 = never. */
  readonly maximumRecordAgeSeconds: number;
  readonly functionTimeoutSeconds: number;
}

const StreamMappingSchema = z.object({
  batchSize: int(1, 10_000),
  bisectBatchOnFunctionError: z.boolean(),
  maximumRetryAttempts: int(-1, 10_000),
  maximumRecordAgeSeconds: z.union([z.literal(-1), int(60, 604_800)]),
  functionTimeoutSeconds: int(1, 900),
});

/** Checks a stream mapping against AWS's limits; throws naming every setting outside them. */
export function checkStreamMapping(settings: StreamMappingSettings): StreamMappingSettings {
  const result = StreamMappingSchema.safeParse(settings);
  if (!result.success) {
    throw new Error(
      result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '),
    );
  }
  return result.data;
}
