import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { startTestLocalService, type TestLocalService, userSignedUp } from '@sfe/consumer-toolkit/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { describeEvent } from './domain/notification';
import { toSlackMessage } from './domain/slack-message';
import { toTelegramMessage } from './domain/telegram-message';
import { service } from './service';

describe('createLocalService', () => {
  let local: TestLocalService | undefined;
  afterEach(() => local?.remove());

  async function deliverTwice(started: TestLocalService) {
    const event = userSignedUp();
    expect(await started.deliver('team-notifications', [event])).toStrictEqual([]);
    expect(await started.deliver('team-notifications', [event])).toStrictEqual([]);
    return event;
  }

  it('writes the exact Slack and Telegram payloads to their outboxes, once per event', async () => {
    local = await startTestLocalService(service);
    const event = await deliverTwice(local);
    const notification = describeEvent(event, { locale: 'en-GB' });
    const name = `2026-11-23T12-00-00-000Z-new-signup-${event.metadata.id}.json`;
    const slackOutbox = local.outboxDirectory('slack');
    const telegramOutbox = local.outboxDirectory('telegram');

    expect(await readdir(slackOutbox)).toStrictEqual([name]);
    expect(await readdir(telegramOutbox)).toStrictEqual([name]);
    const slack = JSON.parse(await readFile(join(slackOutbox, name), 'utf8'));
    expect(slack).toStrictEqual(JSON.parse(JSON.stringify(toSlackMessage(notification, 'CLOCALTEAM'))));
    const telegram = JSON.parse(await readFile(join(telegramOutbox, name), 'utf8'));
    expect(telegram).toStrictEqual(toTelegramMessage(notification, '-1000000000001'));
    expect(local.reported).toStrictEqual([
      `notification-service: new-signup to slack -> ${join(slackOutbox, name)}`,
      `notification-service: new-signup to telegram -> ${join(telegramOutbox, name)}`,
    ]);
  });

  it('switches channel by settings alone', async () => {
    local = await startTestLocalService(service, {
      settings: { NOTIFICATION_CHANNELS: 'telegram', TELEGRAM_CHAT_ID: '@sfe_team' },
    });
    await deliverTwice(local);
    expect(await readdir(dirname(local.outboxDirectory('telegram')))).toStrictEqual(['telegram']);
    const [file] = await readdir(local.outboxDirectory('telegram'));
    const payload = JSON.parse(await readFile(join(local.outboxDirectory('telegram'), file ?? ''), 'utf8'));
    expect(payload.chat_id).toBe('@sfe_team');
  });
});
