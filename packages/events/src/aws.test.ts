import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { createS3ClaimCheckStore } from './aws';
import { applyClaimCheck } from './claim-check';
import { createEvent } from './create-event';

const client = new S3Client({
  region: 'eu-west-2',
  credentials: {
    accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  },
});
const s3 = mockClient(client);
afterEach(() => s3.reset());

describe('createS3ClaimCheckStore', () => {
  it('puts the payload in the bucket and returns a presigned GET URL that expires', async () => {
    s3.on(PutObjectCommand).resolves({ ETag: '"9b2cf535f27731c974343645a3985328"' });
    const store = createS3ClaimCheckStore({ client, bucket: 'sfe-claim-checks-prod', expiresInSeconds: 900 });
    const body = Buffer.from('{"subject":"hello"}');

    const url = new URL(await store.put('claim-checks/SupportTicketOpened/abc.json', body));

    expect(s3.commandCalls(PutObjectCommand).map((call) => call.args[0].input)).toStrictEqual([
      {
        Bucket: 'sfe-claim-checks-prod',
        Key: 'claim-checks/SupportTicketOpened/abc.json',
        Body: body,
        ContentType: 'application/json',
      },
    ]);
    expect(url.origin).toBe('https://sfe-claim-checks-prod.s3.eu-west-2.amazonaws.com');
    expect(url.pathname).toBe('/claim-checks/SupportTicketOpened/abc.json');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
    expect(url.searchParams.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
    expect(url.searchParams.get('X-Amz-Credential')).toMatch(
      /^AKIAIOSFODNN7EXAMPLE\/\d{8}\/eu-west-2\/s3\/aws4_request$/,
    );
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('defaults to a one-hour expiry', async () => {
    s3.on(PutObjectCommand).resolves({});
    const url = new URL(
      await createS3ClaimCheckStore({ client, bucket: 'b' }).put('k.json', new Uint8Array()),
    );
    expect(url.searchParams.get('X-Amz-Expires')).toBe('3600');
  });

  it('fails the publish when the payload cannot be stored', async () => {
    s3.on(PutObjectCommand).rejects(new Error('AccessDenied'));
    const event = createEvent(
      'SupportTicketOpened',
      { ticketId: 't-1', userId: 'u-1', subject: 'help', openedAt: '2026-11-25T14:30:16Z' },
      { source: 'sfe-stream-processor' },
    );
    await expect(
      applyClaimCheck(event, { store: createS3ClaimCheckStore({ client, bucket: 'b' }), busName: 'bus' }),
    ).rejects.toThrow('AccessDenied');
  });

  it('is used by applyClaimCheck with the deterministic key', async () => {
    s3.on(PutObjectCommand).resolves({});
    const event = createEvent(
      'SupportTicketOpened',
      { ticketId: 't-1', userId: 'u-1', subject: 'help', openedAt: '2026-11-25T14:30:16Z' },
      { source: 'sfe-stream-processor', id: '18d0f2b4-6e8a-4c0e-9a2c-8d0f2b4e6a91' },
    );
    const checked = await applyClaimCheck(event, {
      store: createS3ClaimCheckStore({ client, bucket: 'b' }),
      busName: 'bus',
    });
    expect(s3.commandCalls(PutObjectCommand)[0]?.args[0].input.Key).toBe(
      'claim-checks/SupportTicketOpened/18d0f2b4-6e8a-4c0e-9a2c-8d0f2b4e6a91.json',
    );
    expect(JSON.stringify(checked.data)).toContain('X-Amz-Expires=3600');
  });
});
