import { createOutboxFiles, type OutboxFiles } from '@sfe/consumer-toolkit';
import type { DeliveryLabel, SlackPoster, TelegramSender } from './chat';

export interface OutboxOptions {
  /** A directory a person opens: one JSON file per message, the exact payload the API would have received. */
  readonly directory: string;
  readonly now: () => Date;
  readonly report?: (line: string) => void;
}

/**
 * Slack stand-in: writes each `chat.postMessage` payload to `<time>-<kind>-<eventId>.json` (the same event's
 * message again replaces its file: one file per message sent).
 */
export function createOutboxSlackPoster(options: OutboxOptions): SlackPoster {
  const files = createOutboxFiles(options);
  return { post: (message, label) => writePayload(files, options, 'slack', message, label) };
}

/** Telegram stand-in: writes each `sendMessage` payload to `<time>-<kind>-<eventId>.json`, like Slack's. */
export function createOutboxTelegramSender(options: OutboxOptions): TelegramSender {
  const files = createOutboxFiles(options);
  return { send: (message, label) => writePayload(files, options, 'telegram', message, label) };
}

async function writePayload(
  files: OutboxFiles,
  options: OutboxOptions,
  channel: string,
  payload: unknown,
  label: DeliveryLabel,
): Promise<{ id: string }> {
  const path = await files.write(label.kind, label.eventId, 'json', `${JSON.stringify(payload, null, 2)}\n`);
  options.report?.(`notification-service: ${label.kind} to ${channel} -> ${path}`);
  return { id: path };
}
