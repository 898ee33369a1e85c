import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { BotTokenError, createSecretBotTokens } from './aws-bot-tokens';

const secretsManager = mockClient(SecretsManagerClient);
const secretId =
  'arn:aws:secretsmanager:eu-west-2:111122223333:secret:prod/notification-service/bot-tokens-AbCdEf';

function answer(secretString: string) {
  // Shape of a real GetSecretValue response.
  secretsManager.on(GetSecretValueCommand, { SecretId: secretId }).resolves({
    ARN: secretId,
    Name: 'prod/notification-service/bot-tokens',
    VersionId: 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111',
    SecretString: secretString,
    VersionStages: ['AWSCURRENT'],
    CreatedDate: new Date('2026-11-01T00:00:00Z'),
  });
}

function tokens() {
  return createSecretBotTokens({
    provider: new SecretsProvider({ awsSdkV3Client: new SecretsManagerClient({ region: 'eu-west-2' }) }),
    secretId,
  });
}

describe('createSecretBotTokens', () => {
  beforeEach(() => {
    secretsManager.reset();
  });

  it('reads each token from the one JSON secret, fetching it once and caching it', async () => {
    answer(JSON.stringify({ slackBotToken: 'xoxb-1-2-abc', telegramBotToken: '123456:ABC-def' }));
    const botTokens = tokens();
    expect(await botTokens.tokenFor('slack')).toBe('xoxb-1-2-abc');
    expect(await botTokens.tokenFor('telegram')).toBe('123456:ABC-def');
    expect(await botTokens.tokenFor('slack')).toBe('xoxb-1-2-abc');
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it('names the secret and the missing field when a configured channel has no token', async () => {
    answer(JSON.stringify({ slackBotToken: 'xoxb-1-2-abc' }));
    await expect(tokens().tokenFor('telegram')).rejects.toThrow(
      new BotTokenError(`Secret ${secretId} has no telegramBotToken for telegram`),
    );
  });

  it('rejects a malformed token without echoing it', async () => {
    answer(JSON.stringify({ slackBotToken: 'not-a-slack-token' }));
    const error = (await tokens()
      .tokenFor('slack')
      .catch((caught: unknown) => caught)) as Error;
    expect(error.message).toBe(
      `Secret ${secretId} is not valid bot tokens JSON: slackBotToken: slackBotToken must be a Slack token (xoxb-…)`,
    );
  });
});
