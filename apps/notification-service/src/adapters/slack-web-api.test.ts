import { userSignedUp } from '@sfe/consumer-toolkit/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeApi } from '../../test/fake-api-server';
import { describeEvent } from '../domain/notification';
import { toSlackMessage } from '../domain/slack-message';
import { createSlackPoster, createSlackWebClient } from './slack-web-api';

const message = toSlackMessage(describeEvent(userSignedUp(), { locale: 'en-GB' }), 'C0123456789');
const label = { eventId: 'e-1', kind: 'new-signup' } as const;
// Shapes of Slack's real answers: 429 with Retry-After, then chat.postMessage's success body.
const rateLimited = {
  status: 429,
  headers: { 'retry-after': '1' },
  body: { ok: false, error: 'ratelimited' },
};
const posted = {
  status: 200,
  body: {
    ok: true,
    channel: 'C0123456789',
    ts: '1700000000.000100',
    message: { type: 'message', text: message.text },
  },
};

describe('createSlackPoster', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
  });

  it('posts the Block Kit message with chat.postMessage and the bot token', async () => {
    const slack = await startFakeApi([posted]);
    close = slack.close;
    const poster = createSlackPoster({
      client: createSlackWebClient({ slackApiUrl: `${slack.baseUrl}/api/` }),
      token: async () => 'xoxb-test-token',
    });
    expect(await poster.post(message, label)).toStrictEqual({ id: 'C0123456789/1700000000.000100' });
    expect(slack.requests).toHaveLength(1);
    const [request] = slack.requests;
    expect(request?.path).toBe('/api/chat.postMessage');
    expect(request?.headers.authorization).toBe('Bearer xoxb-test-token');
    const form = new URLSearchParams(request?.body);
    expect(form.get('channel')).toBe('C0123456789');
    expect(form.get('text')).toBe(':tada: New signup: Ada Lovelace');
    expect(JSON.parse(form.get('blocks') ?? 'null')).toStrictEqual(message.blocks);
  });

  it("waits Slack's Retry-After on a 429 and then posts the message exactly once", async () => {
    const slack = await startFakeApi([rateLimited, posted]);
    close = slack.close;
    const waits: number[] = [];
    const poster = createSlackPoster({
      client: createSlackWebClient({
        slackApiUrl: `${slack.baseUrl}/api/`,
        onRateLimited: (s) => waits.push(s),
      }),
      token: async () => 'xoxb-test-token',
    });

    expect(await poster.post(message, label)).toStrictEqual({ id: 'C0123456789/1700000000.000100' });

    expect(waits).toStrictEqual([1]);
    expect(slack.requests.map((request) => request.path)).toStrictEqual([
      '/api/chat.postMessage',
      '/api/chat.postMessage',
    ]);
    expect(slack.requests[1]?.body).toBe(slack.requests[0]?.body);
    // The retry came no sooner than Slack asked (a lower bound, so a slow machine cannot make this fail).
    expect((slack.requests[1]?.at ?? 0) - (slack.requests[0]?.at ?? 0)).toBeGreaterThanOrEqual(950);
  });

  it('throws once its bounded retries are spent, so the record fails and SQS redelivers it', async () => {
    const slack = await startFakeApi([{ ...rateLimited, headers: { 'retry-after': '0' } }]);
    close = slack.close;
    const poster = createSlackPoster({
      client: createSlackWebClient({ slackApiUrl: `${slack.baseUrl}/api/` }),
      token: async () => 'xoxb-test-token',
    });
    await expect(poster.post(message, label)).rejects.toThrow(/rate limit/i);
    expect(slack.requests).toHaveLength(4);
  });

  it("throws on Slack's ok: false answers (e.g. channel_not_found)", async () => {
    const slack = await startFakeApi([{ status: 200, body: { ok: false, error: 'channel_not_found' } }]);
    close = slack.close;
    const poster = createSlackPoster({
      client: createSlackWebClient({ slackApiUrl: `${slack.baseUrl}/api/` }),
      token: async () => 'xoxb-test-token',
    });
    await expect(poster.post(message, label)).rejects.toThrow('channel_not_found');
    expect(slack.requests).toHaveLength(1);
  });
});
