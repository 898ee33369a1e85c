import {
  IdempotencyConfig,
  IdempotencyItemNotFoundError,
  makeIdempotent,
} from '@aws-lambda-powertools/idempotency';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type { Logger } from '@aws-lambda-powertools/logger';
import { DEFAULT_IDEMPOTENCY_EXPIRY_SECONDS } from '@sfe/consumer-toolkit';
import type { Context } from 'aws-lambda';
import {
  CHANNEL_NAMES,
  type ChannelName,
  type Delivered,
  type SlackPoster,
  type TelegramSender,
} from '../adapters/chat';
import type { Notification } from '../domain/notification';
import { toSlackMessage } from '../domain/slack-message';
import { toTelegramMessage } from '../domain/telegram-message';
import type { ChatTarget } from '../env';

/** What posting touches: Slack and Telegram in AWS, outbox files locally, and the idempotency store. */
export interface PostNotificationDeps {
  readonly slack: SlackPoster;
  readonly telegram: TelegramSender;
  /**
   * A new Powertools persistence layer on the idempotency table, per call. Each use gets its own instance:
   * Powertools configures a layer for one key prefix, so instances cannot be shared.
   */
  readonly newPersistenceStore: () => BasePersistenceLayer;
}

export interface PostContext {
  readonly logger: Logger;
  /** The invocation's, for `notifyOnce`: its record's in-progress expiry counts down from the remaining time. */
  readonly lambdaContext?: Context;
}

/** What one attempt posted, for the record's log line. */
export interface PostedNotification {
  readonly notificationKind: Notification['kind'];
  /** Where each channel posted to in this attempt put the message (Slack's `ts`, Telegram's id, a file). */
  readonly deliveredAs: Partial<Record<ChannelName, string>>;
  /** Channels an earlier attempt had posted to, skipped. */
  readonly postedBefore?: readonly ChannelName[];
}

/**
 * Posts a notification to each channel of `target`, in order, each at most once per event id, for a caller
 * that already runs it at most once per event id at a time (under a Powertools idempotency record of the event:
 * the consumer's for team news, `notifyOnce`'s for alarms). When Telegram fails after Slack succeeded, the
 * retry posts to Telegram only: which channels an event was delivered to is kept in one more Powertools record
 * per event (key prefix `<keyPrefix>.delivered`, the delivered channels as its response data), read once and
 * written after each channel but the last. The last needs none: once it is posted the caller's own record of
 * the event is completed, and a redelivery stops there. (Per channel records instead, each with its own
 * in-progress put and update, cost four writes per event instead of one; the caller's record already keeps a
 * second delivery of the same event out while this one runs.) Returns what it posted; when a channel fails
 * after another was posted, that is logged before the error goes on.
 */
export function createPostNotification(
  deps: PostNotificationDeps,
  target: ChatTarget,
  keyPrefix: string,
): (notification: Notification, context: PostContext) => Promise<PostedNotification> {
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
  const channels = target.channels;
  // With one channel there is nothing to remember between channels.
  const progress =
    channels.length > 1 ? deliveryProgress(deps.newPersistenceStore(), `${keyPrefix}.delivered`) : undefined;

  return async (notification, { logger }) => {
    const postedBefore = progress ? await progress.read(notification.eventId) : [];
    const delivered = new Set(postedBefore);
    const deliveredAs: Partial<Record<ChannelName, string>> = {};
    const posted = (): PostedNotification => ({
      notificationKind: notification.kind,
      deliveredAs,
      ...(postedBefore.length > 0 ? { postedBefore } : {}),
    });
    try {
      for (const [index, channel] of channels.entries()) {
        if (delivered.has(channel)) continue;
        deliveredAs[channel] = (await deliver[channel](notification)).id;
        delivered.add(channel);
        if (progress && index < channels.length - 1)
          await progress.save(notification.eventId, [...delivered]);
      }
    } catch (error) {
      // The record's line will say it failed, not what was posted first.
      if (Object.keys(deliveredAs).length > 0)
        logger.info('Posted notification before a channel failed', { ...posted() });
      throw error;
    }
    return posted();
  };
}

/**
 * `post` at most once per event id at a time and, once it succeeded, never again while the record lives: a
 * Powertools idempotency record of the event (key prefix `keyPrefix`), for callers that have none of their own
 * (the alarms' consumer takes AWS events, which carry no id of ours, so it keeps no record).
 */
export function notifyOnce<T>(
  post: (notification: Notification, context: PostContext) => Promise<T>,
  persistenceStore: BasePersistenceLayer,
  keyPrefix: string,
): (notification: Notification, context: PostContext) => Promise<T> {
  const config = new IdempotencyConfig({
    eventKeyJmesPath: 'eventId',
    expiresAfterSeconds: DEFAULT_IDEMPOTENCY_EXPIRY_SECONDS,
    throwOnNoIdempotencyKey: true,
  });
  const postOnce = makeIdempotent(post, { persistenceStore, config, keyPrefix, dataIndexArgument: 0 });
  return (notification, context) => {
    // Without the context, an in-progress record has no expiry of its own: a container that dies mid-post
    // would lock the event out of every retry until the whole record expires, so it ends in the DLQ. One config
    // serves every call: Lambda runs one invocation per container at a time (the local runtime's concurrent
    // invocations of one function share its timeout, so their deadlines differ by milliseconds).
    if (context.lambdaContext) config.registerLambdaContext(context.lambdaContext);
    return postOnce(notification, context);
  };
}

/**
 * The channels an event was delivered to, as the response data of a COMPLETED Powertools record keyed by the
 * event id, through the persistence layer's own `getRecord` and `saveSuccess` (a GetItem with a consistent
 * read, and an UpdateItem, in DynamoDB): same table, key hashing, expiry and TTL as every idempotency record.
 */
function deliveryProgress(store: BasePersistenceLayer, keyPrefix: string) {
  store.configure({
    // The event id itself is the data keyed on, so no JMESPath is needed.
    config: new IdempotencyConfig({
      expiresAfterSeconds: DEFAULT_IDEMPOTENCY_EXPIRY_SECONDS,
      throwOnNoIdempotencyKey: true,
    }),
    keyPrefix,
  });
  return {
    async read(eventId: string): Promise<ChannelName[]> {
      try {
        const record = await store.getRecord(eventId);
        return record.isExpired() ? [] : channelsOf(record.getResponse(), eventId);
      } catch (error) {
        if (error instanceof IdempotencyItemNotFoundError) return [];
        throw error;
      }
    },
    save: (eventId: string, channels: ChannelName[]) => store.saveSuccess(eventId, { delivered: channels }),
  };
}

function channelsOf(data: unknown, eventId: string): ChannelName[] {
  const delivered = (data as { delivered?: unknown } | undefined)?.delivered;
  if (
    Array.isArray(delivered) &&
    delivered.every((channel) => (CHANNEL_NAMES as readonly unknown[]).includes(channel))
  ) {
    return delivered as ChannelName[];
  }
  throw new Error(
    `the delivery record of event ${eventId} holds ${JSON.stringify(data)}, not { delivered: [channel names] }`,
  );
}

/** env.ts guarantees these for configured channels; this guards a hand-built config in tests. */
function requireSetting(value: string | undefined, name: string): string {
  if (!value) throw new Error(`${name} is not configured`);
  return value;
}
