import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { awsIdempotency } from '@sfe/consumer-toolkit/aws';
import { fetchClaimCheck } from '@sfe/events';
import type { PlatformReader } from '@sfe/platform-client';
import { createAwsPlatformClient } from '@sfe/platform-client/aws';
import { createDynamoTableStore } from '@sfe/records/aws';
import { type ReportingEnv, readReportingEnv } from './env';
import type { ReportingHandlerDeps } from './handler';

/** The handler's dependencies in AWS, from the function's environment. */
export function awsDeps(
  env: ReportingEnv = readReportingEnv(),
  dynamodb: DynamoDBClient = new DynamoDBClient({}),
  platform: PlatformReader = createAwsPlatformClient(env),
): ReportingHandlerDeps {
  return {
    reporting: createDynamoTableStore({
      client: DynamoDBDocumentClient.from(dynamodb),
      tableName: env.REPORTING_TABLE_NAME,
    }),
    platform,
    now: () => new Date(),
    idempotency: awsIdempotency({ tableName: env.IDEMPOTENCY_TABLE_NAME, client: dynamodb }),
    fetchClaimCheck,
  };
}
