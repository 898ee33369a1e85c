import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { ConsumerIdempotencyOptions } from './consumer-handler';
import { readIdempotencyTableName } from './env';

export interface AwsIdempotencyOptions {
  /** Default: `IDEMPOTENCY_TABLE_NAME` from the environment. */
  readonly tableName?: string;
  readonly client?: DynamoDBClient;
}

/**
 * Idempotency in AWS: Powertools' DynamoDB persistence layer on the table the stack created (partition key
 * `id`, TTL on `expiration`).
 * @example createHandler({ idempotency: awsIdempotency(), ... })
 */
export function awsIdempotency(options: AwsIdempotencyOptions = {}): ConsumerIdempotencyOptions {
  return {
    persistenceStore: new DynamoDBPersistenceLayer({
      tableName: options.tableName ?? readIdempotencyTableName(),
      awsSdkV3Client: options.client ?? new DynamoDBClient({}),
    }),
  };
}
