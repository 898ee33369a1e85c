import { describe, expect, it } from 'vitest';
import { readNotificationEnv, toNotificationConfig } from './env';

const required = {
  NOTIFICATION_SECRET_ID: 'sfe-test-bot-tokens',
  IDEMPOTENCY_TABLE_NAME: 'sfe-test-idempotency',
};
const parse = (env: Record<string, string>) =>
  toNotificationConfig(readNotificationEnv({ ...required, ...env }));

describe('the notification config', () => {
  it('reads the channels, their ids and the locale', () => {
    expect(
      parse({
        NOTIFICATION_CHANNELS: ' Slack, telegram ,slack',
        SLACK_CHANNEL_ID: 'C0123456789',
        TELEGRAM_CHAT_ID: '-1001234567890',
      }),
    ).toStrictEqual({
      channels: ['slack', 'telegram'],
      slackChannelId: 'C0123456789',
      telegramChatId: '-1001234567890',
      locale: 'en-GB',
      ops: {
        channels: ['slack', 'telegram'],
        slackChannelId: 'C0123456789',
        telegramChatId: '-1001234567890',
      },
    });
  });

  it('sends alarms to their own channels and chats when OPS_* says so', () => {
    expect(
      parse({
        NOTIFICATION_CHANNELS: 'slack',
        SLACK_CHANNEL_ID: 'C0123456789',
        OPS_NOTIFICATION_CHANNELS: 'telegram,slack',
        OPS_SLACK_CHANNEL_ID: 'C0OPS000001',
        OPS_TELEGRAM_CHAT_ID: '-1009999999999',
      }).ops,
    ).toStrictEqual({
      channels: ['telegram', 'slack'],
      slackChannelId: 'C0OPS000001',
      telegramChatId: '-1009999999999',
    });
  });

  it('names a missing ops chat', () => {
    expect(() =>
      parse({
        NOTIFICATION_CHANNELS: 'slack',
        SLACK_CHANNEL_ID: 'C0123456789',
        OPS_NOTIFICATION_CHANNELS: 'telegram',
      }),
    ).toThrow(
      'invalid notification-service configuration: OPS_TELEGRAM_CHAT_ID: required (or TELEGRAM_CHAT_ID) when telegram is an ops channel',
    );
  });

  it('needs only the id of the channels in use', () => {
    expect(parse({ NOTIFICATION_CHANNELS: 'telegram', TELEGRAM_CHAT_ID: '@sfe_team' })).toStrictEqual({
      channels: ['telegram'],
      telegramChatId: '@sfe_team',
      locale: 'en-GB',
      ops: { channels: ['telegram'], telegramChatId: '@sfe_team' },
    });
  });

  it('names a missing channel id', () => {
    expect(() => parse({ NOTIFICATION_CHANNELS: 'slack,telegram', SLACK_CHANNEL_ID: 'C0123456789' })).toThrow(
      'invalid notification-service configuration: TELEGRAM_CHAT_ID: required when telegram is a channel',
    );
  });

  it('rejects unknown channels and an empty list', () => {
    expect(() => parse({ NOTIFICATION_CHANNELS: 'slack,email' })).toThrow(
      /NOTIFICATION_CHANNELS\.1: each channel must be one of: slack, telegram/,
    );
    expect(() => parse({ NOTIFICATION_CHANNELS: ' , ' })).toThrow(
      /NOTIFICATION_CHANNELS: name at least one channel/,
    );
  });
});
