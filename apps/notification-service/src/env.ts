import { z } from 'zod';
import { CHANNEL_NAMES, type ChannelName } from './adapters/chat';

const ChannelListSchema = z
  .string()
  .transform((value) => [
    ...new Set(
      value
        .split(',')
        .map((name) => name.trim().toLowerCase())
        .filter(Boolean),
    ),
  ])
  .pipe(
    z
      .array(z.enum(CHANNEL_NAMES, { error: `each channel must be one of: ${CHANNEL_NAMES.join(', ')}` }))
      .min(1, 'name at least one channel'),
  );

const NotificationEnvSchema = z
  .object({
    /** Where notifications go, comma-separated: `slack`, `telegram` or `slack,telegram`. */
    NOTIFICATION_CHANNELS: ChannelListSchema,
    /** Slack channel id (`C0123456789`), required when slack is a channel. */
    SLACK_CHANNEL_ID: z
      .string()
      .regex(/^[CGD][A-Z0-9]{8,}$/, 'SLACK_CHANNEL_ID must be a Slack channel id such as C0123456789')
      .optional(),
    /** Telegram chat id (`-1001234567890`) or public channel (`@sfe_team`), required when telegram is a channel. */
    TELEGRAM_CHAT_ID: z
      .string()
      .regex(/^(-?\d+|@\w{5,})$/, 'TELEGRAM_CHAT_ID must be a numeric chat id or an @channel username')
      .optional(),
    /** BCP 47 locale for amounts. */
    NOTIFICATION_LOCALE: z
      .string()
      .default('en-GB')
      .refine((locale) => Intl.NumberFormat.supportedLocalesOf(locale).length > 0, 'not a known locale'),
  })
  .superRefine((env, context) => {
    if (env.NOTIFICATION_CHANNELS.includes('slack') && !env.SLACK_CHANNEL_ID) {
      context.addIssue({
        code: 'custom',
        path: ['SLACK_CHANNEL_ID'],
        message: 'required when slack is a channel',
      });
    }
    if (env.NOTIFICATION_CHANNELS.includes('telegram') && !env.TELEGRAM_CHAT_ID) {
      context.addIssue({
        code: 'custom',
        path: ['TELEGRAM_CHAT_ID'],
        message: 'required when telegram is a channel',
      });
    }
  });

const SecretEnvSchema = z.object({
  /** ARN or name of the Secrets Manager secret holding the bot tokens; never the tokens themselves. */
  NOTIFICATION_SECRET_ID: z.string().min(1, 'NOTIFICATION_SECRET_ID must name the bot tokens secret'),
});

/** The notification service's validated configuration: switching channel is this, not code. */
export interface NotificationConfig {
  readonly channels: readonly ChannelName[];
  readonly slackChannelId?: string;
  readonly telegramChatId?: string;
  readonly locale: string;
}

export class NotificationConfigError extends Error {
  override name = 'NotificationConfigError';
}

/** Validates the routing configuration from an environment-shaped record; throws naming every bad variable. */
export function parseNotificationConfig(
  env: Readonly<Record<string, string | undefined>>,
): NotificationConfig {
  const value = parseOrThrow(NotificationEnvSchema, env);
  return {
    channels: value.NOTIFICATION_CHANNELS,
    ...(value.SLACK_CHANNEL_ID ? { slackChannelId: value.SLACK_CHANNEL_ID } : {}),
    ...(value.TELEGRAM_CHAT_ID ? { telegramChatId: value.TELEGRAM_CHAT_ID } : {}),
    locale: value.NOTIFICATION_LOCALE,
  };
}

/** The Lambda's configuration and secret id, from the environment the stack sets. The only reader of `process.env`. */
export function readNotificationEnv(): { config: NotificationConfig; secretId: string } {
  const config = parseNotificationConfig(process.env);
  return { config, secretId: parseOrThrow(SecretEnvSchema, process.env).NOTIFICATION_SECRET_ID };
}

function parseOrThrow<T>(schema: z.ZodType<T>, env: Readonly<Record<string, string | undefined>>): T {
  const result = schema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new NotificationConfigError(`Invalid notification-service configuration: ${problems.join('; ')}`);
  }
  return result.data;
}
