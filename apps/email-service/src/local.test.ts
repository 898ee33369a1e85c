import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalBlobStore } from '@sfe/blob-store';
import type { LocalContext } from '@sfe/consumer-toolkit';
import {
  createTestLambdaContext,
  toEventBridgeEvent,
  toSqsEvent,
  toSqsRecord,
} from '@sfe/consumer-toolkit/testing';
import { fetchClaimCheck } from '@sfe/events';
import { MemoryTableStore, type TableStore } from '@sfe/records';
import PostalMime from 'postal-mime';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { coursePaymentComplete } from '../test/events';
import { createLocalHandlers } from './local';
import { subscriptions } from './subscription';

describe('createLocalHandlers', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'email-local-'));
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
      bucket: (bucket) =>
        createLocalBlobStore({
          rootDirectory: join(root, 'buckets'),
          bucket,
          baseUrl: 'http://x/blobs',
          signingSecret: 's',
        }),
      outboxDirectory: (name) => join(root, 'outbox', name),
      fetchClaimCheck,
      now: () => new Date('2026-11-23T12:00:00.000Z'),
      settings,
      report: (line) => reported.push(line),
    };
    return { context, reported };
  }

  it('offers one handler per subscription', () => {
    const { context } = localContext();
    expect(Object.keys(createLocalHandlers(context))).toStrictEqual(subscriptions.map((s) => s.id));
  });

  it('writes a receipt .eml to the email outbox once, from the configured sender, and reports where', async () => {
    const { context, reported } = localContext({
      EMAIL_FROM_ADDRESS: 'hello@academy.localhost',
      BRAND_NAME: 'Academy',
    });
    const handler = createLocalHandlers(context)['learner-emails'];
    const event = coursePaymentComplete({ amount: 120000, currency: 'JPY' });
    const record = toSqsRecord(toEventBridgeEvent(event));
    const lambdaContext = createTestLambdaContext({ functionName: 'email-service-learner-emails' });
    await handler?.(toSqsEvent([record]), lambdaContext);
    await handler?.(toSqsEvent([record]), lambdaContext);

    const outbox = join(root, 'outbox', 'email');
    const files = await readdir(outbox);
    expect(files).toStrictEqual([`2026-11-23T12-00-00-000Z-receipt-${event.metadata.id}.eml`]);
    const parsed = await PostalMime.parse(await readFile(join(outbox, files[0] ?? '')));
    expect(parsed.from).toStrictEqual({ name: 'Academy', address: 'hello@academy.localhost' });
    expect(parsed.text).toContain('Amount paid: JP¥120,000');
    expect(reported).toStrictEqual([
      `email-service: receipt to ada@example.com -> ${join(outbox, files[0] ?? '')}`,
    ]);
  });
});
