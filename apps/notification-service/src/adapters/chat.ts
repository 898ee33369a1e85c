import type { NotificationKind } from '../domain/notification';
import type { SlackMessage } from '../domain/slack-message';
import type { TelegramMessage } from '../domain/telegram-message';

/** The chat services a notification can go to; `NOTIFICATION_CHANNELS` picks any of them. */
export const CHANNEL_NAMES = ['slack', 'telegram'] as const;
export type ChannelName = (typeof CHANNEL_NAMES)[number];

/** Which notification a payload carries: names the outbox file locally, and appears in logs. */
export interface DeliveryLabel {
  readonly eventId: string;
  readonly kind: NotificationKind;
}

/** Where a delivered message can be found. */
export interface Delivered {
  /** Slack's message `ts`, Telegram's `message_id`, or the outbox file locally. */
  readonly id: string;
}

/** Posts a Block Kit message with `chat.postMessage` (Slack) or writes it to the outbox (local). */
export interface SlackPoster {
  post(message: SlackMessage, label: DeliveryLabel): Promise<Delivered>;
}

/** Sends an HTML message with the Bot API's `sendMessage` (Telegram) or writes it to the outbox (local). */
export interface TelegramSender {
  send(message: TelegramMessage, label: DeliveryLabel): Promise<Delivered>;
}
