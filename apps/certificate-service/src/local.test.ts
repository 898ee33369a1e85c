import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  createTestLambdaContext,
  startTestLocalService,
  type TestLocalService,
  toEventBridgeEvent,
  toSqsEvent,
  toSqsRecord,
} from '@sfe/consumer-toolkit/testing';
import { keys } from '@sfe/records';
import { afterEach, describe, expect, it } from 'vitest';
import { courseCompletedV2 } from '../test/events';
import { service } from './service';

describe('createLocalService', () => {
  let local: TestLocalService | undefined;
  afterEach(() => local?.remove());

  it('serves every subscription, writing the PDF to the local bucket and the item to the platform table', async () => {
    local = await startTestLocalService(service, {
      now: '2026-11-23T10:00:00.000Z',
      settings: { CERTIFICATE_VERIFICATION_BASE_URL: 'http://localhost:4010/verify' },
    });
    expect(Object.keys(local.handlers)).toStrictEqual(service.subscriptions.map((s) => s.id));

    const handler = local.handlers['course-completed'];
    const response = await handler?.(
      toSqsEvent([toSqsRecord(toEventBridgeEvent(courseCompletedV2()), { messageId: 'm-1' })]),
      createTestLambdaContext({ functionName: 'certificate-service-course-completed' }),
    );

    expect(response).toStrictEqual({ batchItemFailures: [] });
    const item = await local.platformTable.get(keys.certificate('u-1', 'c-event-driven'));
    expect(item?.issuedAt).toBe('2026-11-23T10:00:00.000Z');
    const pdf = await readFile(
      join(local.bucketDirectory('certificates'), 'certificates/u-1/c-event-driven.pdf'),
    );
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(local.tables.get('idempotency')?.changes.length).toBeGreaterThan(0);
    expect(local.reported).toStrictEqual([
      expect.stringMatching(
        /^certificate-service: certificate [0-9a-f-]{36} \(\d+ bytes\) → certificates\/certificates\/u-1\/c-event-driven\.pdf$/,
      ),
    ]);
  });
});
