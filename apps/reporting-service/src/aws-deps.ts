import { type AwsJsonClient, createAwsJsonClient, DYNAMODB } from '@sfe/aws-fetch';
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
  dynamodb: AwsJsonClient = createAwsJsonClient(DYNAMODB, {}),
  platform: PlatformReader = createAwsPlatformClient(env),
): ReportingHandlerDeps {
  return {
    reporting: createDynamoTableStore({
      client: dynamodb,
      tableName: env.REPORTING_TABLE_NAME,
    }),
    platform,
    now: () => new Date(),
    idempotency: awsIdempotency({ tableName: env.IDEMPOTENCY_TABLE_NAME, client: dynamodb }),
    fetchClaimCheck,
  };
}
