import { mkdtemp, readFile } from 'node:fs/promises';
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
import { keys, MemoryTableStore } from '@sfe/records';
import { describe, expect, it } from 'vitest';
import { courseCompletedV2 } from '../test/events';
import { createLocalHandlers, LOCAL_CERTIFICATES_BUCKET } from './local';
import { subscriptions } from './subscription';

async function localContext() {
  const rootDirectory = await mkdtemp(join(tmpdir(), 'sfe-local-'));
  const tables = new Map<string, MemoryTableStore>();
  const platformTable = new MemoryTableStore();
  const reported: string[] = [];
  const context: LocalContext = {
    platformTable,
    table: (name) => {
      const table = tables.get(name) ?? new MemoryTableStore();
      tables.set(name, table);
      return table;
    },
    bucket: (bucket) =>
      createLocalBlobStore({
        rootDirectory,
        bucket,
        baseUrl: 'http://127.0.0.1:4010/blobs',
        signingSecret: 's',
      }),
    outboxDirectory: (name) => join(rootDirectory, name),
    fetchClaimCheck: async () => {
      throw new Error('no claim checks in this test');
    },
    now: () => new Date('2026-11-23T10:00:00.000Z'),
    settings: { CERTIFICATE_VERIFICATION_BASE_URL: 'http://localhost:4010/verify' },
    report: (line) => reported.push(line),
  };
  return { context, platformTable, tables, rootDirectory, reported };
}

describe('createLocalHandlers', () => {
  it('serves every subscription, writing the PDF to the local bucket and the item to the platform table', async () => {
    const { context, platformTable, tables, rootDirectory, reported } = await localContext();
    const handlers = createLocalHandlers(context);
    expect(Object.keys(handlers)).toStrictEqual(subscriptions.map((s) => s.id));

    const handler = handlers['course-completed'];
    const response = await handler?.(
      toSqsEvent([toSqsRecord(toEventBridgeEvent(courseCompletedV2()), { messageId: 'm-1' })]),
      createTestLambdaContext({ functionName: 'certificate-service-course-completed' }),
    );

    expect(response).toStrictEqual({ batchItemFailures: [] });
    const item = await platformTable.get(keys.certificate('u-1', 'c-event-driven'));
    expect(item?.issuedAt).toBe('2026-11-23T10:00:00.000Z');
    const pdf = await readFile(
      join(rootDirectory, LOCAL_CERTIFICATES_BUCKET, 'certificates/u-1/c-event-driven.pdf'),
    );
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(tables.get('idempotency')?.changes.length).toBeGreaterThan(0);
    expect(reported).toStrictEqual([
      expect.stringMatching(
        /^certificate-service: certificate [0-9a-f-]{36} \(\d+ bytes\) → certificates\/certificates\/u-1\/c-event-driven\.pdf$/,
      ),
    ]);
  });
});
