import {
  type ChatPostMessageArguments,
  LogLevel,
  type RetryOptions,
  WebClient,
  WebClientEvent,
} from '@slack/web-api';
import type { SlackPoster } from './chat';

/**
 * How we let @slack/web-api retry. On HTTP 429 the client waits the `Retry-After` seconds Slack sent, then
 * retries (`rejectRateLimitedCalls: false`); other transient failures back off briefly. The library default
 * (ten retries over about thirty minutes) would outlive the Lambda, so we stop after three retries and
 * twenty seconds: the record then fails and SQS redelivers it after the visibility timeout, when Slack's
 * window has passed. Nothing is dropped either way.
 */
export const SLACK_RETRY_CONFIG: RetryOptions = {
  retries: 3,
  factor: 2,
  minTimeout: 200,
  maxTimeout: 2_000,
  randomize: true,
  maxRetryTime: 20_000,
};

export interface SlackClientOptions {
  /** `https://slack.com/api/` unless a test stands in for Slack. */
  readonly slackApiUrl?: string;
  /** Told each time Slack answers 429, with the seconds it asked us to wait. */
  readonly onRateLimited?: (retryAfterSeconds: number) => void;
}

/** A WebClient configured for a Lambda: bounded retries that honour Retry-After, 10 s per request. */
export function createSlackWebClient(options: SlackClientOptions = {}): WebClient {
  const client = new WebClient(undefined, {
    ...(options.slackApiUrl ? { slackApiUrl: options.slackApiUrl } : {}),
    retryConfig: SLACK_RETRY_CONFIG,
    rejectRateLimitedCalls: false,
    timeout: 10_000,
    logLevel: LogLevel.ERROR,
  });
  if (options.onRateLimited) {
    const onRateLimited = options.onRateLimited;
    client.on(WebClientEvent.RATE_LIMITED, (retryAfterSeconds: number) => onRateLimited(retryAfterSeconds));
  }
  return client;
}

export interface SlackPosterOptions {
  readonly client: WebClient;
  /** The bot token (`xoxb-…`), fetched from Secrets Manager and cached; passed per call, never logged. */
  readonly token: () => Promise<string>;
}

/** Posts with `chat.postMessage`; Slack's `ok: false` answers throw (WebClient raises a platform error). */
export function createSlackPoster(options: SlackPosterOptions): SlackPoster {
  return {
    async post(message) {
      const token = await options.token();
      const response = await options.client.chat.postMessage({
        ...(message as unknown as ChatPostMessageArguments),
        token,
      });
      if (!response.ts) throw new Error(`Slack accepted chat.postMessage to ${message.channel} without a ts`);
      return { id: `${response.channel ?? message.channel}/${response.ts}` };
    },
  };
}
