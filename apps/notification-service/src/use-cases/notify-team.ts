import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import { type ConsumerContext, DEFAULT_IDEMPOTENCY_EXPIRY_SECONDS } from '@sfe/consumer-toolkit';
import type { ChannelName, Delivered, SlackPoster, TelegramSender } from '../adapters/chat';
import { describeEvent, type Notification, type NotificationEvent } from '../domain/notification';
import { toSlackMessage } from '../domain/slack-message';
import { toTelegramMessage } from '../domain/telegram-message';
import type { NotificationConfig } from '../env';
import { SERVICE_NAME } from '../service-name';

/** What notifying the team touches: Slack and Telegram in AWS, outbox files locally. */
export interface NotifyTeamDeps {
  readonly config: NotificationConfig;
  readonly slack: SlackPoster;
  readonly telegram: TelegramSender;
  /**
   * A new Powertools persistence layer on the idempotency table, per call. The event and each channel get
   * their own instance: Powertools configures a layer for one key prefix, so instances cannot be shared.
   */
  readonly newPersistenceStore: () => BasePersistenceLayer;
}

/**
 * What notification-service does with an event: post it once to each configured channel. Each channel's post
 * is idempotent on its own, so when Telegram fails after Slack succeeded, the retry posts to Telegram only.
 */
export function createNotifyTeam(
  deps: NotifyTeamDeps,
): (event: NotificationEvent, context: ConsumerContext) => Promise<void> {
  const channelStores = new Map(deps.config.channels.map((channel) => [channel, deps.newPersistenceStore()]));
  const deliver: Record<ChannelName, (notification: Notification) => Promise<Delivered>> = {
    slack: (notification) =>
      deps.slack.post(
        toSlackMessage(notification, requireSetting(deps.config.slackChannelId, 'SLACK_CHANNEL_ID')),
        notification,
      ),
    telegram: (notification) =>
      deps.telegram.send(
        toTelegramMessage(notification, requireSetting(deps.config.telegramChatId, 'TELEGRAM_CHAT_ID')),
        notification,
      ),
  };

  return async (event, { logger, lambdaContext }) => {
    const notification = describeEvent(event, { locale: deps.config.locale });
    for (const [channel, persistenceStore] of channelStores) {
      const config = new IdempotencyConfig({
        eventKeyJmesPath: 'eventId',
        expiresAfterSeconds: DEFAULT_IDEMPOTENCY_EXPIRY_SECONDS,
        throwOnNoIdempotencyKey: true,
      });
      config.registerLambdaContext(lambdaContext);
      const deliverOnce = makeIdempotent(
        async (item: Notification): Promise<Delivered> => {
          const delivered = await deliver[channel](item);
          logger.info('Posted notification', {
            channel,
            notificationKind: item.kind,
            deliveredAs: delivered.id,
          });
          return delivered;
        },
        { persistenceStore, config, keyPrefix: `${SERVICE_NAME}.${channel}` },
      );
      await deliverOnce(notification);
    }
  };
}

/** env.ts guarantees these for configured channels; this guards a hand-built config in tests. */
function requireSetting(value: string | undefined, name: string): string {
  if (!value) throw new Error(`${name} is not configured`);
  return value;
}
