import { SECRETS_MANAGER } from '@sfe/aws-fetch';
import { awsJsonAnswer, awsJsonAnswering } from '@sfe/aws-fetch/testing';
import { describe, expect, it } from 'vitest';
import { BotTokenError, createSecretBotTokens } from './aws-bot-tokens';
import { SecretsManagerFetchProvider } from './aws-secrets-provider';

const secretId =
  'arn:aws:secretsmanager:eu-west-2:111122223333:secret:prod/notification-service/bot-tokens-AbCdEf';

/** Bot tokens from Secrets Manager answering GetSecretValue with `secretString` (once; the shape of a real answer). */
function tokensAnswering(secretString: string) {
  const { client, sent } = awsJsonAnswering(
    SECRETS_MANAGER,
    awsJsonAnswer(200, {
      ARN: secretId,
      Name: 'prod/notification-service/bot-tokens',
      VersionId: 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111',
      SecretString: secretString,
      VersionStages: ['AWSCURRENT'],
      CreatedDate: 1.7960832e9,
    }),
  );
  const tokens = createSecretBotTokens({ provider: new SecretsManagerFetchProvider({ client }), secretId });
  return { tokens, sent };
}

describe('createSecretBotTokens', () => {
  it('reads each token from the one JSON secret, fetching it once and caching it', async () => {
    const { tokens, sent } = tokensAnswering(
      JSON.stringify({ slackBotToken: 'xoxb-1-2-abc', telegramBotToken: '123456:ABC-def' }),
    );
    expect(await tokens.tokenFor('slack')).toBe('xoxb-1-2-abc');
    expect(await tokens.tokenFor('telegram')).toBe('123456:ABC-def');
    expect(await tokens.tokenFor('slack')).toBe('xoxb-1-2-abc');
    expect(sent.map((request) => JSON.parse(request.body))).toStrictEqual([{ SecretId: secretId }]);
  });

  it('names the secret and the missing field when a configured channel has no token', async () => {
    const { tokens } = tokensAnswering(JSON.stringify({ slackBotToken: 'xoxb-1-2-abc' }));
    await expect(tokens.tokenFor('telegram')).rejects.toThrow(
      new BotTokenError(`Secret ${secretId} has no telegramBotToken for telegram`),
    );
  });

  it('rejects a malformed token without echoing it', async () => {
    const { tokens } = tokensAnswering(JSON.stringify({ slackBotToken: 'not-a-slack-token' }));
    const error = (await tokens.tokenFor('slack').catch((caught: unknown) => caught)) as Error;
    expect(error.message).toBe(
      `Secret ${secretId} is not valid bot tokens JSON: slackBotToken: slackBotToken must be a Slack token (xoxb-…)`,
    );
  });
});
