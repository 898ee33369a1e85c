import { fileURLToPath } from 'node:url';
import {
  acknowledge,
  createEventConsumers,
  type EventConsumer,
  lookupPlatform,
  resourceName,
} from '@sfe/cdk-constructs';
import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { CHANNEL_NAMES, type ChannelName } from '../src/adapters/chat';
import { HANDLER_EXPORTS } from '../src/handler';
import { service } from '../src/service';

export interface NotificationStackProps extends StackProps {
  readonly stage: string;
  /** Where notifications go: switching channel is this list (and the ids below), not code. */
  readonly channels: readonly ChannelName[];
  /** Slack channel id, required when `slack` is a channel. */
  readonly slackChannelId?: string;
  /** Telegram chat id or `@channel`, required when `telegram` is a channel. */
  readonly telegramChatId?: string;
  readonly locale?: string;
  /** Where alarms go (the ops-alarms subscription); default `channels`. */
  readonly opsChannels?: readonly ChannelName[];
  /** Slack channel id for alarms; default `slackChannelId`. */
  readonly opsSlackChannelId?: string;
  /** Telegram chat for alarms; default `telegramChatId`. */
  readonly opsTelegramChatId?: string;
}

/**
 * notification-service: the bot-tokens secret (created empty of tokens; an operator puts the JSON in) and
 * one `EventConsumer` per subscription: team news from the platform bus, and our CloudWatch alarms' state
 * changes from the default bus (for the ops chat). The function gets the secret's *name*, never a token, and may read
 * that one secret only. Concurrency is capped so bursts queue up instead of tripping chat rate limits.
 */
export class NotificationStack extends Stack {
  readonly botTokens: Secret;
  readonly consumers: EventConsumer[];

  constructor(scope: Construct, id: string, props: NotificationStackProps) {
    super(scope, id, props);
    const { stage } = props;
    assertChannelSettings(props);
    const platform = lookupPlatform(this, stage);

    this.botTokens = new Secret(this, 'BotTokens', {
      secretName: resourceName(stage, service.name, 'bot-tokens'),
      description:
        'JSON {"slackBotToken":"xoxb-…","telegramBotToken":"123456:ABC…"}; set it with put-secret-value (the stack never holds tokens)',
      // A random placeholder until an operator writes the real JSON; the function reports it as invalid.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(
      this.botTokens,
      'AwsSolutions-SMG4',
      'Slack and Telegram bot tokens are issued by those services and cannot be rotated by a Lambda; rotate by hand.',
    );

    this.consumers = createEventConsumers(this, {
      stage,
      service,
      platform,
      entry: fileURLToPath(new URL('../src/handler.ts', import.meta.url)),
      handler: (subscription) => HANDLER_EXPORTS[subscription.id] ?? 'handler',
      environment: {
        NOTIFICATION_CHANNELS: props.channels.join(','),
        ...(props.slackChannelId ? { SLACK_CHANNEL_ID: props.slackChannelId } : {}),
        ...(props.telegramChatId ? { TELEGRAM_CHAT_ID: props.telegramChatId } : {}),
        ...(props.locale ? { NOTIFICATION_LOCALE: props.locale } : {}),
        ...(props.opsChannels ? { OPS_NOTIFICATION_CHANNELS: props.opsChannels.join(',') } : {}),
        ...(props.opsSlackChannelId ? { OPS_SLACK_CHANNEL_ID: props.opsSlackChannelId } : {}),
        ...(props.opsTelegramChatId ? { OPS_TELEGRAM_CHAT_ID: props.opsTelegramChatId } : {}),
        NOTIFICATION_SECRET_ID: this.botTokens.secretArn,
      },
      idempotencyTable: platform.idempotencyTable,
      configure: (consumer) => this.botTokens.grantRead(consumer.function),
    });
  }
}

/** Fails synth (not the first invocation) when a configured channel has no id. */
function assertChannelSettings(props: NotificationStackProps): void {
  if (props.channels.length === 0) throw new Error('NotificationStack: name at least one channel');
  for (const channel of [...props.channels, ...(props.opsChannels ?? [])]) {
    if (!CHANNEL_NAMES.includes(channel)) throw new Error(`NotificationStack: unknown channel "${channel}"`);
  }
  if (props.channels.includes('slack') && !props.slackChannelId) {
    throw new Error('NotificationStack: slackChannelId is required when slack is a channel');
  }
  if (props.channels.includes('telegram') && !props.telegramChatId) {
    throw new Error('NotificationStack: telegramChatId is required when telegram is a channel');
  }
  const opsChannels = props.opsChannels ?? props.channels;
  if (opsChannels.includes('slack') && !(props.opsSlackChannelId ?? props.slackChannelId)) {
    throw new Error(
      'NotificationStack: opsSlackChannelId (or slackChannelId) is required when slack is an ops channel',
    );
  }
  if (opsChannels.includes('telegram') && !(props.opsTelegramChatId ?? props.telegramChatId)) {
    throw new Error(
      'NotificationStack: opsTelegramChatId (or telegramChatId) is required when telegram is an ops channel',
    );
  }
}
