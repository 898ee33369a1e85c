import type { Notification } from './notification';
import { truncate } from './truncate';

/** Telegram Bot API `sendMessage` parameters we send. */
export interface TelegramMessage {
  readonly chat_id: string;
  readonly text: string;
  readonly parse_mode: 'HTML';
  readonly link_preview_options: { readonly is_disabled: true };
}

/** Telegram caps a message at 4,096 characters after entity parsing; values are cut well before that. */
const VALUE_MAX = 300;
const DETAILS_MAX = 2500;

/**
 * Telegram's HTML mode requires `<`, `>` and `&` outside tags to be written as entities; `"` too inside the
 * attributes we never write, so it is escaped as well for safety.
 */
export function escapeTelegramHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The HTML message for a notification: bold title, one line per field, details in a <pre> block. */
export function toTelegramMessage(notification: Notification, chatId: string): TelegramMessage {
  const icon = notification.severity === 'alert' ? '🚨' : '🎉';
  const lines = [
    `${icon} <b>${escapeTelegramHtml(truncate(notification.title, VALUE_MAX))}</b>`,
    '',
    ...notification.fields.map(
      (field) =>
        `<b>${escapeTelegramHtml(field.label)}:</b> ${escapeTelegramHtml(truncate(field.value, VALUE_MAX))}`,
    ),
  ];
  if (notification.details) {
    lines.push('', `<pre>${escapeTelegramHtml(truncate(notification.details, DETAILS_MAX))}</pre>`);
  }
  lines.push('', `<i>event ${escapeTelegramHtml(notification.eventId)}</i>`);
  return {
    chat_id: chatId,
    text: lines.join('\n'),
    parse_mode: 'HTML',
    link_preview_options: { is_disabled: true },
  };
}
