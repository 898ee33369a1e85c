import type { Notification } from './notification';
import { truncate } from './truncate';

/** Slack `chat.postMessage` arguments we send: blocks for people, `text` as the notification fallback. */
export interface SlackMessage {
  readonly channel: string;
  readonly text: string;
  readonly blocks: readonly SlackBlock[];
  readonly unfurl_links: false;
  readonly unfurl_media: false;
}

export type SlackBlock =
  | { readonly type: 'header'; readonly text: PlainText }
  | { readonly type: 'section'; readonly text?: Mrkdwn; readonly fields?: readonly Mrkdwn[] }
  | { readonly type: 'context'; readonly elements: readonly Mrkdwn[] };

interface PlainText {
  readonly type: 'plain_text';
  readonly text: string;
  readonly emoji: boolean;
}
interface Mrkdwn {
  readonly type: 'mrkdwn';
  readonly text: string;
}

// Block Kit limits: header text 150 characters, a section field 2,000, section text 3,000, at most 10 fields.
// Values are cut *before* escaping (never mid-entity), short enough that even all-`&` text (5 characters
// each once escaped) stays within the limit.
const HEADER_MAX = 150;
const FIELD_VALUE_MAX = 300;
const DETAILS_MAX = 550;
const FIELDS_MAX = 10;

/**
 * Slack's mrkdwn treats `&`, `<` and `>` as control characters (links, @channel mentions); Slack asks senders
 * to escape exactly these three. Formatting characters (`*`, `_`, `~`) only style text, so they stay.
 */
export function escapeSlackText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The Block Kit message for a notification: header, fields, optional details, and the event id. */
export function toSlackMessage(notification: Notification, channel: string): SlackMessage {
  const icon = notification.severity === 'alert' ? ':rotating_light:' : ':tada:';
  const blocks: SlackBlock[] = [
    {
      type: 'header',
      // plain_text is never parsed for links or mentions, so the title needs no escaping here.
      text: { type: 'plain_text', text: truncate(notification.title, HEADER_MAX), emoji: true },
    },
    {
      type: 'section',
      fields: notification.fields.slice(0, FIELDS_MAX).map((field) => ({
        type: 'mrkdwn',
        text: `*${escapeSlackText(field.label)}*\n${escapeSlackText(truncate(field.value, FIELD_VALUE_MAX))}`,
      })),
    },
  ];
  if (notification.details) {
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `\`\`\`${escapeSlackText(truncate(notification.details, DETAILS_MAX))}\`\`\``,
      },
    });
  }
  blocks.push({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: `event ${escapeSlackText(notification.eventId)}` }],
  });
  return {
    channel,
    text: `${icon} ${escapeSlackText(truncate(notification.title, HEADER_MAX))}`,
    blocks,
    unfurl_links: false,
    unfurl_media: false,
  };
}
