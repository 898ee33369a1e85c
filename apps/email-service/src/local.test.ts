import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  coursePaymentComplete,
  startTestLocalService,
  type TestLocalService,
} from '@sfe/consumer-toolkit/testing';
import { keys } from '@sfe/records';
import PostalMime from 'postal-mime';
import { afterEach, describe, expect, it } from 'vitest';
import { service } from './service';

describe('createLocalService', () => {
  let local: TestLocalService | undefined;
  afterEach(() => local?.remove());

  it('writes a receipt .eml to the email outbox once, from the configured sender, and reports where', async () => {
    local = await startTestLocalService(service, {
      settings: { EMAIL_FROM_ADDRESS: 'hello@academy.localhost', BRAND_NAME: 'Academy' },
    });
    // The learner is active on the platform (the handler reads it back before sending).
    await local.context.platformTable.transact([
      {
        kind: 'put',
        item: {
          ...keys.user('user-1'),
          entityType: 'USER',
          userId: 'user-1',
          email: 'ada@example.com',
          name: 'Ada Lovelace',
          status: 'active',
          createdAt: '2026-11-01T09:00:00.000Z',
        },
      },
    ]);
    const event = coursePaymentComplete({ amount: 120000, currency: 'JPY' });
    expect(await local.deliver('learner-emails', [event])).toStrictEqual([]);
    expect(await local.deliver('learner-emails', [event])).toStrictEqual([]);

    const outbox = local.outboxDirectory('email');
    const files = await readdir(outbox);
    expect(files).toStrictEqual([`2026-11-23T12-00-00-000Z-receipt-${event.metadata.id}.eml`]);
    const parsed = await PostalMime.parse(await readFile(join(outbox, files[0] ?? '')));
    expect(parsed.from).toStrictEqual({ name: 'Academy', address: 'hello@academy.localhost' });
    expect(parsed.text).toContain('Amount paid: JP¥120,000');
    expect(local.reported).toStrictEqual([
      `email-service: receipt to ada@example.com -> ${join(outbox, files[0] ?? '')}`,
    ]);
  });
});
