import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type { Logger } from '@aws-lambda-powertools/logger';
import {
  type ConsumerContext,
  createConsumerHandler,
  DEFAULT_IDEMPOTENCY_EXPIRY_SECONDS,
  type SqsBatchHandler,
} from '@sfe/consumer-toolkit';
import type { ClaimCheckFetcher } from '@sfe/events';
import type { ChannelName, Delivered, SlackPoster, TelegramSender } from './adapters/chat';
import { awsDeps } from './aws-deps';
import { describeEvent, type Notification } from './domain/notification';
import { toSlackMessage } from './domain/slack-message';
import { toTelegramMessage } from './domain/telegram-message';
import type { NotificationConfig } from './env';
import { SERVICE_NAME } from './service-name';
import { NOTIFICATION_EVENT_TYPES } from './subscription';

/** Everything the handler touches, injected: Slack and Telegram in AWS, outbox files locally. */
export interface NotificationDeps {
  readonly config: NotificationConfig;
  readonly slack: SlackPoster;
  readonly telegram: TelegramSender;
  /**
   * A new Powertools persistence layer on the idempotency table, per call. The event and each channel get
   * their own instance: Powertools configures a layer for one key prefix, so instances cannot be shared.
   */
  readonly newPersistenceStore: () => BasePersistenceLayer;
  readonly fetchClaimCheck?: ClaimCheckFetcher;
  readonly logger?: Logger;
}

/**
 * The SQS handler for `team-notifications`: each event is posted once to each configured channel. Each
 * channel's post is idempotent on its own, so when Telegram fails after Slack succeeded, the retry posts to
 * Telegram only. A bad record fails alone and reaches the DLQ after maxReceiveCount.
 */
export function createHandler(deps: NotificationDeps): SqsBatchHandler {
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

  async function notify(
    notification: Notification,
    { logger, lambdaContext }: ConsumerContext,
  ): Promise<void> {
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
  }

  return createConsumerHandler({
    serviceName: SERVICE_NAME,
    accepts: NOTIFICATION_EVENT_TYPES,
    idempotency: { persistenceStore: deps.newPersistenceStore() },
    fetchClaimCheck: deps.fetchClaimCheck,
    logger: deps.logger,
    handle: (event, context) => notify(describeEvent(event, { locale: deps.config.locale }), context),
  });
}

/** env.ts guarantees these for configured channels; this guards a hand-built config in tests. */
function requireSetting(value: string | undefined, name: string): string {
  if (!value) throw new Error(`${name} is not configured`);
  return value;
}

let lambdaHandler: SqsBatchHandler | undefined;

/** The Lambda entry point: AWS clients are built on the first invocation, not when a test imports this file. */
export const handler: SqsBatchHandler = (event, context) => {
  lambdaHandler ??= createHandler(awsDeps());
  return lambdaHandler(event, context);
};
