import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DeliveryLabel, SlackPoster, TelegramSender } from './chat';

export interface OutboxOptions {
  /** A directory a person opens: one JSON file per message, the exact payload the API would have received. */
  readonly directory: string;
  readonly now: () => Date;
  readonly report?: (line: string) => void;
}

/** Slack stand-in: writes each `chat.postMessage` payload to `<time>-<kind>-<eventId>.json`. */
export function createOutboxSlackPoster(options: OutboxOptions): SlackPoster {
  return { post: (message, label) => writePayload(options, 'slack', message, label) };
}

/** Telegram stand-in: writes each `sendMessage` payload to `<time>-<kind>-<eventId>.json`. */
export function createOutboxTelegramSender(options: OutboxOptions): TelegramSender {
  return { send: (message, label) => writePayload(options, 'telegram', message, label) };
}

async function writePayload(
  options: OutboxOptions,
  channel: string,
  payload: unknown,
  label: DeliveryLabel,
): Promise<{ id: string }> {
  await mkdir(options.directory, { recursive: true });
  const stamp = options.now().toISOString().replace(/[:.]/g, '-');
  const path = join(options.directory, `${stamp}-${label.kind}-${label.eventId}.json`);
  // Write then rename, so a person (or a crash) never sees half a file.
  await writeFile(`${path}.tmp`, `${JSON.stringify(payload, null, 2)}\n`);
  await rename(`${path}.tmp`, path);
  options.report?.(`notification-service: ${label.kind} to ${channel} -> ${path}`);
  return { id: path };
}
