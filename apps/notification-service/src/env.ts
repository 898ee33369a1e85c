import { type EnvironmentRecord, IdempotencyConfigShape, parseConfig } from '@sfe/service-definition';
import { z } from 'zod';
import { CHANNEL_NAMES, type ChannelName } from './adapters/chat';
import { SERVICE_NAME } from './service-name';

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

/** The service's variables (the stack sets them; locally, `localSettings` and the person's settings). */
export const NotificationEnvSchema = z
  .object({
    ...IdempotencyConfigShape,
    /** ARN or name of the Secrets Manager secret holding the bot tokens; never the tokens themselves. */
    NOTIFICATION_SECRET_ID: z.string().min(1, 'NOTIFICATION_SECRET_ID must name the bot tokens secret'),
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

export type NotificationEnv = z.output<typeof NotificationEnvSchema>;

/** The notification service's validated configuration: switching channel is this, not code. */
export interface NotificationConfig {
  readonly channels: readonly ChannelName[];
  readonly slackChannelId?: string;
  readonly telegramChatId?: string;
  readonly locale: string;
}

/** The validated variables, from the Lambda's environment by default (the only reader of `process.env`). */
export function readNotificationEnv(env: EnvironmentRecord = process.env): NotificationEnv {
  return parseConfig(NotificationEnvSchema, env, SERVICE_NAME);
}

/** The routing part of the config: switching channel is this, not code. */
export function toNotificationConfig(value: NotificationEnv): NotificationConfig {
  return {
    channels: value.NOTIFICATION_CHANNELS,
    ...(value.SLACK_CHANNEL_ID ? { slackChannelId: value.SLACK_CHANNEL_ID } : {}),
    ...(value.TELEGRAM_CHAT_ID ? { telegramChatId: value.TELEGRAM_CHAT_ID } : {}),
    locale: value.NOTIFICATION_LOCALE,
  };
}
