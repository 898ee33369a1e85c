import {
  type EnvironmentRecord,
  IdempotencyConfigShape,
  LocaleSettingSchema,
  parseConfig,
} from '@sfe/service-definition';
import * as z from 'zod/mini';
import { CHANNEL_NAMES, type ChannelName } from './adapters/chat';
import { SERVICE_NAME } from './service-name';

const ChannelListSchema = z.pipe(
  z.pipe(
    z.string(),
    z.transform((value: string) => [
      ...new Set(
        value
          .split(',')
          .map((name) => name.trim().toLowerCase())
          .filter(Boolean),
      ),
    ]),
  ),
  z
    .array(z.enum(CHANNEL_NAMES, { error: `each channel must be one of: ${CHANNEL_NAMES.join(', ')}` }))
    .check(z.minLength(1, 'name at least one channel')),
);

const SlackChannelIdSchema = z
  .string()
  .check(z.regex(/^[CGD][A-Z0-9]{8,}$/, 'must be a Slack channel id such as C0123456789'));
const TelegramChatIdSchema = z
  .string()
  .check(z.regex(/^(-?\d+|@\w{5,})$/, 'must be a numeric chat id or an @channel username'));

/** The service's variables (the stack sets them; locally, `localSettings` and the person's settings). */
export const NotificationEnvSchema = z
  .object({
    ...IdempotencyConfigShape,
    /** ARN or name of the Secrets Manager secret holding the bot tokens; never the tokens themselves. */
    NOTIFICATION_SECRET_ID: z
      .string()
      .check(z.minLength(1, 'NOTIFICATION_SECRET_ID must name the bot tokens secret')),
    /** Where notifications go, comma-separated: `slack`, `telegram` or `slack,telegram`. */
    NOTIFICATION_CHANNELS: ChannelListSchema,
    /** Slack channel id (`C0123456789`), required when slack is a channel. */
    SLACK_CHANNEL_ID: z.optional(SlackChannelIdSchema),
    /** Telegram chat id (`-1001234567890`) or public channel (`@sfe_team`), required when telegram is a channel. */
    TELEGRAM_CHAT_ID: z.optional(TelegramChatIdSchema),
    /** Where alarms go (`ops-alarms`), like NOTIFICATION_CHANNELS; default the same channels. */
    OPS_NOTIFICATION_CHANNELS: z.optional(ChannelListSchema),
    /** Slack channel id for alarms; default SLACK_CHANNEL_ID. */
    OPS_SLACK_CHANNEL_ID: z.optional(SlackChannelIdSchema),
    /** Telegram chat for alarms; default TELEGRAM_CHAT_ID. */
    OPS_TELEGRAM_CHAT_ID: z.optional(TelegramChatIdSchema),
    /** BCP 47 locale for amounts. */
    NOTIFICATION_LOCALE: LocaleSettingSchema,
  })
  .check(
    z.superRefine((env, context) => {
      // With the team's channels (no OPS_NOTIFICATION_CHANNELS), a missing id is the team's, reported below.
      const ops = opsTargetOf(env);
      const teamReports = (channel: ChannelName) => env.NOTIFICATION_CHANNELS.includes(channel);
      if (ops.channels.includes('slack') && !ops.slackChannelId && !teamReports('slack')) {
        context.addIssue({
          code: 'custom',
          path: ['OPS_SLACK_CHANNEL_ID'],
          message: 'required (or SLACK_CHANNEL_ID) when slack is an ops channel',
        });
      }
      if (ops.channels.includes('telegram') && !ops.telegramChatId && !teamReports('telegram')) {
        context.addIssue({
          code: 'custom',
          path: ['OPS_TELEGRAM_CHAT_ID'],
          message: 'required (or TELEGRAM_CHAT_ID) when telegram is an ops channel',
        });
      }
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
    }),
  );

export type NotificationEnv = z.output<typeof NotificationEnvSchema>;

/** Where a kind of message goes: the channels, and the channel id or chat of each. */
export interface ChatTarget {
  readonly channels: readonly ChannelName[];
  readonly slackChannelId?: string;
  readonly telegramChatId?: string;
}

/** The notification service's validated configuration: switching channel is this, not code. */
export interface NotificationConfig extends ChatTarget {
  readonly locale: string;
  /** Where alarms go: the team's channels and ids unless OPS_* variables say otherwise. */
  readonly ops: ChatTarget;
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
    ops: opsTargetOf(value),
  };
}

type ChatVariables = Pick<
  NotificationEnv,
  | 'NOTIFICATION_CHANNELS'
  | 'SLACK_CHANNEL_ID'
  | 'TELEGRAM_CHAT_ID'
  | 'OPS_NOTIFICATION_CHANNELS'
  | 'OPS_SLACK_CHANNEL_ID'
  | 'OPS_TELEGRAM_CHAT_ID'
>;

/** Each OPS_* variable, or the team's when unset: one bot, one chat, unless ops has its own. */
function opsTargetOf(value: ChatVariables): ChatTarget {
  const slackChannelId = value.OPS_SLACK_CHANNEL_ID ?? value.SLACK_CHANNEL_ID;
  const telegramChatId = value.OPS_TELEGRAM_CHAT_ID ?? value.TELEGRAM_CHAT_ID;
  return {
    channels: value.OPS_NOTIFICATION_CHANNELS ?? value.NOTIFICATION_CHANNELS,
    ...(slackChannelId ? { slackChannelId } : {}),
    ...(telegramChatId ? { telegramChatId } : {}),
  };
}
