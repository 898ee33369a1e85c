import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { ConsumerIdempotencyOptions } from './consumer-handler';

export interface AwsIdempotencyOptions {
  /** The table the stack created: the service's validated `IDEMPOTENCY_TABLE_NAME`. */
  readonly tableName: string;
  readonly client?: DynamoDBClient;
}

/**
 * Idempotency in AWS: Powertools' DynamoDB persistence layer on the table the stack created (partition key
 * `id`, TTL on `expiration`).
 * It reads no environment: the service's config (validated once) gives the table's name.
 * @example createHandler({ idempotency: awsIdempotency({ tableName: config.IDEMPOTENCY_TABLE_NAME }), ... })
 */
export function awsIdempotency(options: AwsIdempotencyOptions): ConsumerIdempotencyOptions {
  return {
    persistenceStore: new DynamoDBPersistenceLayer({
      tableName: options.tableName,
      awsSdkV3Client: options.client ?? new DynamoDBClient({}),
    }),
  };
}
