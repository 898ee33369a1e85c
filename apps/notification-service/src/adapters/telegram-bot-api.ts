import { setTimeout as sleepFor } from 'node:timers/promises';
import type { TelegramSender } from './chat';

/** The Bot API's answer envelope (https://core.telegram.org/bots/api#making-requests). */
interface BotApiResponse {
  readonly ok: boolean;
  readonly result?: { readonly message_id?: number };
  readonly error_code?: number;
  readonly description?: string;
  readonly parameters?: { readonly retry_after?: number };
}

export class TelegramApiError extends Error {
  override name = 'TelegramApiError';
  constructor(
    message: string,
    readonly status: number,
    /** Seconds Telegram asked us to wait (429 only). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

export interface TelegramSenderOptions {
  /** The bot token, fetched from Secrets Manager and cached; it is part of the URL, so never logged. */
  readonly token: () => Promise<string>;
  /** `https://api.telegram.org` unless a test stands in for Telegram. */
  readonly apiBaseUrl?: string;
  readonly fetch?: typeof fetch;
  readonly sleep?: (milliseconds: number) => Promise<unknown>;
  /** Attempts per message, the first included (default 4). */
  readonly maxAttempts?: number;
  /** Longest `retry_after` waited in-process (default 20 s); a longer one fails the record for SQS to retry. */
  readonly maxRetryAfterSeconds?: number;
  /** Told each time Telegram answers 429, with the seconds it asked us to wait. */
  readonly onRateLimited?: (retryAfterSeconds: number) => void;
}

/**
 * `sendMessage` over HTTPS with fetch. Hand-written because it is one POST: a bot framework would add far
 * more than it saves. On 429 it waits `parameters.retry_after` seconds and tries again, within bounds that fit
 * a Lambda; past them, or on any other error, it throws so the SQS record is retried later, never dropped.
 */
export function createTelegramSender(options: TelegramSenderOptions): TelegramSender {
  const fetchFn = options.fetch ?? fetch;
  const sleep = options.sleep ?? sleepFor;
  const baseUrl = (options.apiBaseUrl ?? 'https://api.telegram.org').replace(/\/$/, '');
  const maxAttempts = options.maxAttempts ?? 4;
  const maxRetryAfter = options.maxRetryAfterSeconds ?? 20;
  return {
    async send(message) {
      const url = `${baseUrl}/bot${await options.token()}/sendMessage`;
      for (let attempt = 1; ; attempt += 1) {
        const response = await fetchFn(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(message),
          signal: AbortSignal.timeout(10_000),
        });
        const answer = (await response.json().catch(() => ({ ok: false }))) as BotApiResponse;
        if (answer.ok && answer.result?.message_id !== undefined) {
          return { id: `${message.chat_id}/${answer.result.message_id}` };
        }
        const retryAfter = answer.parameters?.retry_after;
        const status = answer.error_code ?? response.status;
        if (status === 429 && retryAfter !== undefined) {
          options.onRateLimited?.(retryAfter);
          if (attempt < maxAttempts && retryAfter <= maxRetryAfter) {
            await sleep(retryAfter * 1000);
            continue;
          }
        }
        throw new TelegramApiError(
          `Telegram sendMessage to chat ${message.chat_id} failed (${status}): ${answer.description ?? response.statusText}`,
          status,
          retryAfter,
        );
      }
    },
  };
}
