import { Logger } from '@aws-lambda-powertools/logger';
import { createAwsJsonClient, DYNAMODB } from '@sfe/aws-fetch';
import { awsIdempotency } from '@sfe/consumer-toolkit/aws';
import { fetchClaimCheck } from '@sfe/events';
import { createSecretBotTokens } from './adapters/aws-bot-tokens';
import { SecretsManagerFetchProvider } from './adapters/aws-secrets-provider';
import { createSlackPoster, createSlackWebClient } from './adapters/slack-web-api';
import { createTelegramSender } from './adapters/telegram-bot-api';
import { readNotificationEnv, toNotificationConfig } from './env';
import type { NotificationDeps } from './handler';
import { SERVICE_NAME } from './service-name';

/** The Lambda's dependencies: Slack and Telegram with tokens from Secrets Manager, DynamoDB idempotency. */
export function awsDeps(): NotificationDeps & { readonly logger: Logger } {
  const env = readNotificationEnv();
  const logger = new Logger({ serviceName: SERVICE_NAME });
  const tokens = createSecretBotTokens({
    provider: new SecretsManagerFetchProvider(),
    secretId: env.NOTIFICATION_SECRET_ID,
  });
  const onRateLimited = (channel: string) => (retryAfterSeconds: number) =>
    logger.warn('Rate limited: waiting as asked before retrying', { channel, retryAfterSeconds });
  const dynamoDb = createAwsJsonClient(DYNAMODB, {});
  return {
    config: toNotificationConfig(env),
    logger,
    slack: createSlackPoster({
      client: createSlackWebClient({ onRateLimited: onRateLimited('slack') }),
      token: () => tokens.tokenFor('slack'),
    }),
    telegram: createTelegramSender({
      token: () => tokens.tokenFor('telegram'),
      onRateLimited: onRateLimited('telegram'),
    }),
    newPersistenceStore: () =>
      awsIdempotency({ tableName: env.IDEMPOTENCY_TABLE_NAME, client: dynamoDb }).persistenceStore,
    fetchClaimCheck,
  };
}
