import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LocalContext } from '@sfe/consumer-toolkit';
import {
  createTestLambdaContext,
  toEventBridgeEvent,
  toSqsEvent,
  toSqsRecord,
} from '@sfe/consumer-toolkit/testing';
import { fetchClaimCheck } from '@sfe/events';
import { MemoryTableStore, type TableStore } from '@sfe/records';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { userSignedUp } from '../test/events';
import { describeEvent } from './domain/notification';
import { toSlackMessage } from './domain/slack-message';
import { toTelegramMessage } from './domain/telegram-message';
import { createLocalHandlers } from './local';
import { subscriptions } from './subscription';

describe('createLocalHandlers', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'notification-local-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  function localContext(settings: Record<string, string> = {}) {
    const tables = new Map<string, TableStore>();
    const reported: string[] = [];
    const context: LocalContext = {
      platformTable: new MemoryTableStore(),
      table: (name) => {
        const table = tables.get(name) ?? new MemoryTableStore();
        tables.set(name, table);
        return table;
      },
      bucket: (bucket) => {
        throw new Error(`notification-service uses no bucket, asked for ${bucket}`);
      },
      outboxDirectory: (name) => join(root, 'outbox', name),
      fetchClaimCheck,
      now: () => new Date('2026-11-23T12:00:00.000Z'),
      settings,
      report: (line) => reported.push(line),
    };
    return { context, reported };
  }

  async function deliverTwice(context: LocalContext) {
    const handler = createLocalHandlers(context)['team-notifications'];
    const event = userSignedUp();
    const record = toSqsRecord(toEventBridgeEvent(event));
    const lambdaContext = createTestLambdaContext({
      functionName: 'notification-service-team-notifications',
    });
    await handler?.(toSqsEvent([record]), lambdaContext);
    await handler?.(toSqsEvent([record]), lambdaContext);
    return event;
  }

  it('offers one handler per subscription', () => {
    expect(Object.keys(createLocalHandlers(localContext().context))).toStrictEqual(
      subscriptions.map((s) => s.id),
    );
  });

  it('writes the exact Slack and Telegram payloads to their outboxes, once per event', async () => {
    const { context, reported } = localContext();
    const event = await deliverTwice(context);
    const notification = describeEvent(event, { locale: 'en-GB' });
    const name = `2026-11-23T12-00-00-000Z-new-signup-${event.metadata.id}.json`;

    expect(await readdir(join(root, 'outbox', 'slack'))).toStrictEqual([name]);
    expect(await readdir(join(root, 'outbox', 'telegram'))).toStrictEqual([name]);
    const slack = JSON.parse(await readFile(join(root, 'outbox', 'slack', name), 'utf8'));
    expect(slack).toStrictEqual(JSON.parse(JSON.stringify(toSlackMessage(notification, 'CLOCALTEAM'))));
    const telegram = JSON.parse(await readFile(join(root, 'outbox', 'telegram', name), 'utf8'));
    expect(telegram).toStrictEqual(toTelegramMessage(notification, '-1000000000001'));
    expect(reported).toStrictEqual([
      `notification-service: new-signup to slack -> ${join(root, 'outbox', 'slack', name)}`,
      `notification-service: new-signup to telegram -> ${join(root, 'outbox', 'telegram', name)}`,
    ]);
  });

  it('switches channel by settings alone', async () => {
    const { context } = localContext({ NOTIFICATION_CHANNELS: 'telegram', TELEGRAM_CHAT_ID: '@sfe_team' });
    await deliverTwice(context);
    expect(await readdir(join(root, 'outbox'))).toStrictEqual(['telegram']);
    const [file] = await readdir(join(root, 'outbox', 'telegram'));
    const payload = JSON.parse(await readFile(join(root, 'outbox', 'telegram', file ?? ''), 'utf8'));
    expect(payload.chat_id).toBe('@sfe_team');
  });
});
