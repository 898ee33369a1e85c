import type { BaseProvider } from '@aws-lambda-powertools/parameters/base';
import * as z from 'zod/mini';
import type { ChannelName } from './chat';

/**
 * The secret's JSON: one secret holds the bots' tokens, so the function is granted read on exactly one ARN.
 * @example { "slackBotToken": "xoxb-…", "telegramBotToken": "123456:ABC…" }
 */
const BotTokensSchema = z.object({
  slackBotToken: z.optional(
    z.string().check(z.startsWith('xox', 'slackBotToken must be a Slack token (xoxb-…)')),
  ),
  telegramBotToken: z.optional(
    z.string().check(z.regex(/^\d+:[\w-]+$/, 'telegramBotToken must look like 123456:ABC-DEF…')),
  ),
});

export class BotTokenError extends Error {
  override name = 'BotTokenError';
}

export interface BotTokens {
  /** The channel's token; throws naming the secret when it does not hold one. */
  readonly tokenFor: (channel: ChannelName) => Promise<string>;
}

export interface SecretBotTokensOptions {
  /** A Powertools parameters provider of Secrets Manager (`SecretsManagerFetchProvider`): it caches for `maxAgeSeconds`. */
  readonly provider: BaseProvider;
  /** The secret's ARN or name (env `NOTIFICATION_SECRET_ID`). */
  readonly secretId: string;
  /** How long a fetched value is reused; a rotated token is picked up within this time. Default 5 min. */
  readonly maxAgeSeconds?: number;
}

/** Bot tokens read from Secrets Manager through Powertools parameters, cached between invocations. */
export function createSecretBotTokens(options: SecretBotTokensOptions): BotTokens {
  const field = { slack: 'slackBotToken', telegram: 'telegramBotToken' } as const;
  return {
    async tokenFor(channel) {
      const raw = await options.provider.get(options.secretId, {
        transform: 'json',
        maxAge: options.maxAgeSeconds ?? 300,
      });
      const parsed = BotTokensSchema.safeParse(raw);
      if (!parsed.success) {
        const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
        throw new BotTokenError(
          `Secret ${options.secretId} is not valid bot tokens JSON: ${problems.join('; ')}`,
        );
      }
      const token = parsed.data[field[channel]];
      if (!token)
        throw new BotTokenError(`Secret ${options.secretId} has no ${field[channel]} for ${channel}`);
      return token;
    },
  };
}
