import { describe, expect, it } from 'vitest';
import { parseNotificationConfig } from './env';

describe('parseNotificationConfig', () => {
  it('reads the channels, their ids and the locale', () => {
    expect(
      parseNotificationConfig({
        NOTIFICATION_CHANNELS: ' Slack, telegram ,slack',
        SLACK_CHANNEL_ID: 'C0123456789',
        TELEGRAM_CHAT_ID: '-1001234567890',
      }),
    ).toStrictEqual({
      channels: ['slack', 'telegram'],
      slackChannelId: 'C0123456789',
      telegramChatId: '-1001234567890',
      locale: 'en-GB',
    });
  });

  it('needs only the id of the channels in use', () => {
    expect(
      parseNotificationConfig({ NOTIFICATION_CHANNELS: 'telegram', TELEGRAM_CHAT_ID: '@sfe_team' }),
    ).toStrictEqual({ channels: ['telegram'], telegramChatId: '@sfe_team', locale: 'en-GB' });
  });

  it('names a missing channel id', () => {
    expect(() =>
      parseNotificationConfig({ NOTIFICATION_CHANNELS: 'slack,telegram', SLACK_CHANNEL_ID: 'C0123456789' }),
    ).toThrow(
      'Invalid notification-service configuration: TELEGRAM_CHAT_ID: required when telegram is a channel',
    );
  });

  it('rejects unknown channels and an empty list', () => {
    expect(() => parseNotificationConfig({ NOTIFICATION_CHANNELS: 'slack,email' })).toThrow(
      /NOTIFICATION_CHANNELS\.1: each channel must be one of: slack, telegram/,
    );
    expect(() => parseNotificationConfig({ NOTIFICATION_CHANNELS: ' , ' })).toThrow(
      /NOTIFICATION_CHANNELS: name at least one channel/,
    );
  });
});
