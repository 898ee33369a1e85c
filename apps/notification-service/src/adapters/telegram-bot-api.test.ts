import { coursePaymentComplete } from '@sfe/consumer-toolkit/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeApi } from '../../test/fake-api-server';
import { describeEvent } from '../domain/notification';
import { toTelegramMessage } from '../domain/telegram-message';
import { createTelegramSender, TelegramApiError } from './telegram-bot-api';

const message = toTelegramMessage(
  describeEvent(coursePaymentComplete(), { locale: 'en-GB' }),
  '-1001234567890',
);
const label = { eventId: 'e-1', kind: 'payment-received' } as const;
const token = '123456:ABC-test_token';
// Shapes of the Bot API's real answers (https://core.telegram.org/bots/api#making-requests).
const sent = {
  status: 200,
  body: {
    ok: true,
    result: { message_id: 77, date: 1795424403, chat: { id: -1001234567890, type: 'supergroup' }, text: 'x' },
  },
};
const tooManyRequests = (seconds: number) => ({
  status: 429,
  body: {
    ok: false,
    error_code: 429,
    description: `Too Many Requests: retry after ${seconds}`,
    parameters: { retry_after: seconds },
  },
});

describe('createTelegramSender', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
  });

  it('POSTs sendMessage as JSON to the bot URL', async () => {
    const telegram = await startFakeApi([sent]);
    close = telegram.close;
    const sender = createTelegramSender({ token: async () => token, apiBaseUrl: telegram.baseUrl });
    expect(await sender.send(message, label)).toStrictEqual({ id: '-1001234567890/77' });
    expect(telegram.requests.map(({ method, path }) => ({ method, path }))).toStrictEqual([
      { method: 'POST', path: `/bot${token}/sendMessage` },
    ]);
    expect(telegram.requests[0]?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(telegram.requests[0]?.body ?? '')).toStrictEqual(message);
  });

  it('waits parameters.retry_after on a 429 and then sends the message exactly once', async () => {
    const telegram = await startFakeApi([tooManyRequests(1), sent]);
    close = telegram.close;
    const waits: number[] = [];
    const sender = createTelegramSender({
      token: async () => token,
      apiBaseUrl: telegram.baseUrl,
      onRateLimited: (seconds) => waits.push(seconds),
    });
    expect(await sender.send(message, label)).toStrictEqual({ id: '-1001234567890/77' });
    expect(waits).toStrictEqual([1]);
    expect(telegram.requests).toHaveLength(2);
    expect(telegram.requests[1]?.body).toBe(telegram.requests[0]?.body);
    expect((telegram.requests[1]?.at ?? 0) - (telegram.requests[0]?.at ?? 0)).toBeGreaterThanOrEqual(950);
  });

  it('fails without waiting when retry_after is longer than a Lambda can wait, so SQS retries later', async () => {
    const telegram = await startFakeApi([tooManyRequests(120)]);
    close = telegram.close;
    const slept: number[] = [];
    const sender = createTelegramSender({
      token: async () => token,
      apiBaseUrl: telegram.baseUrl,
      sleep: async (ms) => slept.push(ms),
    });
    const error = await sender.send(message, label).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TelegramApiError);
    expect(error).toMatchObject({ status: 429, retryAfterSeconds: 120 });
    expect(slept).toStrictEqual([]);
    expect(telegram.requests).toHaveLength(1);
  });

  it('gives up after maxAttempts rate-limited answers', async () => {
    const telegram = await startFakeApi([tooManyRequests(2)]);
    close = telegram.close;
    const slept: number[] = [];
    const sender = createTelegramSender({
      token: async () => token,
      apiBaseUrl: telegram.baseUrl,
      maxAttempts: 3,
      sleep: async (ms) => slept.push(ms),
    });
    await expect(sender.send(message, label)).rejects.toThrow('Too Many Requests: retry after 2');
    expect(slept).toStrictEqual([2000, 2000]);
    expect(telegram.requests).toHaveLength(3);
  });

  it('reports API errors without the token in the message', async () => {
    const telegram = await startFakeApi([
      { status: 400, body: { ok: false, error_code: 400, description: 'Bad Request: chat not found' } },
    ]);
    close = telegram.close;
    const sender = createTelegramSender({ token: async () => token, apiBaseUrl: telegram.baseUrl });
    const error = (await sender.send(message, label).catch((caught: unknown) => caught)) as Error;
    expect(error.message).toBe(
      'Telegram sendMessage to chat -1001234567890 failed (400): Bad Request: chat not found',
    );
    expect(error.message).not.toContain(token);
  });
});
