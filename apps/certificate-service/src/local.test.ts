import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startTestLocalService, type TestLocalService } from '@sfe/consumer-toolkit/testing';
import { keys } from '@sfe/records';
import { afterEach, describe, expect, it } from 'vitest';
import { courseCompletedV2 } from '../test/events';
import { certificateIdFor } from './domain/certificate';
import { service } from './service';

describe('createLocalService', () => {
  let local: TestLocalService | undefined;
  afterEach(() => local?.remove());

  it('writes the PDF to the local bucket and the item to the platform table', async () => {
    local = await startTestLocalService(service, {
      now: '2026-11-23T10:00:00.000Z',
      settings: {
        CERTIFICATE_VERIFICATION_BASE_URL: 'http://localhost:4010/verify',
        CERTIFICATE_DOWNLOAD_BASE_URL: 'http://localhost:4321',
      },
    });
    expect(await local.deliver('course-completed', [courseCompletedV2()])).toStrictEqual([]);
    const certificateId = certificateIdFor('u-1', 'c-event-driven');
    const item = await local.platformTable.get(keys.certificate('u-1', 'c-event-driven'));
    expect(item?.issuedAt).toBe('2026-11-23T10:00:00.000Z');
    expect(item?.downloadUrl).toBe(`http://localhost:4321/certificates/${certificateId}`);
    const pdf = await readFile(
      join(local.bucketDirectory('certificates'), `certificates/${certificateId}.pdf`),
    );
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(local.tables.get('idempotency')?.changes.length).toBeGreaterThan(0);
    // The download address the item carries is this service's API, which the runtime serves: a 302 to the PDF.
    const path = new URL(String(item?.downloadUrl)).pathname;
    const answer = await local.http?.({ method: 'GET', path });
    expect(answer?.status).toBe(302);
    expect(answer?.headers?.location).toContain(`/certificates/certificates/${certificateId}.pdf?expires=`);
    expect(await local.http?.({ method: 'GET', path: '/users/u-1' })).toBeUndefined();
    expect(local.reported).toStrictEqual([
      expect.stringMatching(
        /^certificate-service: certificate ([0-9a-f-]{36}) \(\d+ bytes\) → certificates\/certificates\/\1\.pdf$/,
      ),
    ]);
  });
});
