import { type AwsJsonClient, createAwsJsonClient, createAwsQueryClient, DYNAMODB, SES } from '@sfe/aws-fetch';
import { awsIdempotency } from '@sfe/consumer-toolkit/aws';
import { fetchClaimCheck } from '@sfe/events';
import { createAwsPlatformClient } from '@sfe/platform-client/aws';
import { createDynamoTableStore } from '@sfe/records/aws';
import { createSesMailer } from './adapters/aws-ses-mailer';
import { createTableSuppressionList } from './adapters/suppression-list';
import { type EmailConfig, readEmailConfig } from './env';
import type { EmailDeps, FeedbackDeps } from './handler';

/**
 * The Lambda's dependencies: SES, the DynamoDB idempotency and suppression tables, and the platform API
 * (SigV4-signed call-backs).
 */
export function awsDeps(): EmailDeps {
  const config = readEmailConfig();
  const dynamoDb = createAwsJsonClient(DYNAMODB, {});
  return {
    ...awsFeedbackDeps(config, dynamoDb),
    config,
    mailer: createSesMailer({
      client: createAwsQueryClient(SES, {}),
      from: config.from,
      configurationSetName: config.sesConfigurationSet,
      now: () => new Date(),
    }),
    idempotency: awsIdempotency({ tableName: config.idempotencyTableName, client: dynamoDb }),
    platform: createAwsPlatformClient(config.platformApi),
    fetchClaimCheck,
  };
}

/**
 * The ses-feedback function's dependencies: the suppression table only (it sends nothing and calls nothing
 * back, so it has no grant for either).
 */
export function awsFeedbackDeps(
  config: EmailConfig = readEmailConfig(),
  dynamoDb: AwsJsonClient = createAwsJsonClient(DYNAMODB, {}),
): FeedbackDeps {
  return {
    suppressions: createTableSuppressionList(
      createDynamoTableStore({ client: dynamoDb, tableName: config.suppressionTableName }),
    ),
  };
}
