import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type { Logger } from '@aws-lambda-powertools/logger';
import { DEFAULT_IDEMPOTENCY_EXPIRY_SECONDS } from '@sfe/consumer-toolkit';
import type { Context } from 'aws-lambda';
import type { ChannelName, Delivered, SlackPoster, TelegramSender } from '../adapters/chat';
import type { Notification } from '../domain/notification';
import { toSlackMessage } from '../domain/slack-message';
import { toTelegramMessage } from '../domain/telegram-message';
import type { ChatTarget } from '../env';
import { SERVICE_NAME } from '../service-name';

/** What posting touches: Slack and Telegram in AWS, outbox files locally, and the idempotency store. */
export interface PostNotificationDeps {
  readonly slack: SlackPoster;
  readonly telegram: TelegramSender;
  /**
   * A new Powertools persistence layer on the idempotency table, per call. The event and each channel get
   * their own instance: Powertools configures a layer for one key prefix, so instances cannot be shared.
   */
  readonly newPersistenceStore: () => BasePersistenceLayer;
}

export interface PostContext {
  readonly logger: Logger;
  readonly lambdaContext?: Context;
}

/**
 * Posts a notification once to each channel of `target`. Each channel's post is idempotent on its own (key
 * `<keyPrefix>.<channel>` + the notification's event id), so when Telegram fails after Slack succeeded, the
 * retry posts to Telegram only.
 */
export function createPostNotification(
  deps: PostNotificationDeps,
  target: ChatTarget,
  keyPrefix: string = SERVICE_NAME,
): (notification: Notification, context: PostContext) => Promise<void> {
  const channelStores = new Map(target.channels.map((channel) => [channel, deps.newPersistenceStore()]));
  const deliver: Record<ChannelName, (notification: Notification) => Promise<Delivered>> = {
    slack: (notification) =>
      deps.slack.post(
        toSlackMessage(notification, requireSetting(target.slackChannelId, 'SLACK_CHANNEL_ID')),
        notification,
      ),
    telegram: (notification) =>
      deps.telegram.send(
        toTelegramMessage(notification, requireSetting(target.telegramChatId, 'TELEGRAM_CHAT_ID')),
        notification,
      ),
  };

  return async (notification, { logger, lambdaContext }) => {
    for (const [channel, persistenceStore] of channelStores) {
      const config = new IdempotencyConfig({
        eventKeyJmesPath: 'eventId',
        expiresAfterSeconds: DEFAULT_IDEMPOTENCY_EXPIRY_SECONDS,
        throwOnNoIdempotencyKey: true,
      });
      if (lambdaContext) config.registerLambdaContext(lambdaContext);
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
        { persistenceStore, config, keyPrefix: `${keyPrefix}.${channel}` },
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
