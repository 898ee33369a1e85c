import { s3Answering } from '@sfe/aws-fetch/testing';
import { describe, expect, it } from 'vitest';
import { createS3ClaimCheckStore } from './aws';
import { applyClaimCheck } from './claim-check';
import { createEvent } from './create-event';

// S3's PutObject answer (200, an ETag, no body) and its AccessDenied error, as on the wire.
const stored = () =>
  new Response(null, { status: 200, headers: { etag: '"9b2cf535f27731c974343645a3985328"' } });
const accessDenied = () =>
  new Response(
    '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>Access Denied</Message><RequestId>4442587FB7D0A2F9</RequestId><HostId>abc=</HostId></Error>',
    { status: 403, headers: { 'content-type': 'application/xml' } },
  );

describe('createS3ClaimCheckStore', () => {
  it('puts the payload in the bucket and returns a presigned GET URL that expires', async () => {
    const { s3, sent } = s3Answering(stored);
    const store = createS3ClaimCheckStore({ s3, bucket: 'sfe-claim-checks-prod', expiresInSeconds: 900 });
    const body = Buffer.from('{"subject":"hello"}');

    const url = new URL(await store.put('claim-checks/SupportTicketOpened/abc.json', body));

    expect(
      sent.map(({ method, url, body, headers }) => [method, url, body, headers['content-type']]),
    ).toStrictEqual([
      [
        'PUT',
        'https://sfe-claim-checks-prod.s3.eu-west-2.amazonaws.com/claim-checks/SupportTicketOpened/abc.json?x-id=PutObject',
        '{"subject":"hello"}',
        'application/json',
      ],
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
    const { s3 } = s3Answering(stored);
    const url = new URL(await createS3ClaimCheckStore({ s3, bucket: 'b' }).put('k.json', new Uint8Array()));
    expect(url.searchParams.get('X-Amz-Expires')).toBe('3600');
  });

  it('fails the publish when the payload cannot be stored', async () => {
    const { s3 } = s3Answering(accessDenied);
    const event = createEvent(
      'SupportTicketOpened',
      { ticketId: 't-1', userId: 'u-1', subject: 'help', openedAt: '2026-11-25T14:30:16Z' },
      { source: 'sfe-stream-processor' },
    );
    await expect(
      applyClaimCheck(event, { store: createS3ClaimCheckStore({ s3, bucket: 'b' }), busName: 'bus' }),
    ).rejects.toThrow('AccessDenied (HTTP 403): Access Denied');
  });

  it('is used by applyClaimCheck with the deterministic key', async () => {
    const { s3, sent } = s3Answering(stored);
    const event = createEvent(
      'SupportTicketOpened',
      { ticketId: 't-1', userId: 'u-1', subject: 'help', openedAt: '2026-11-25T14:30:16Z' },
      { source: 'sfe-stream-processor', id: '18d0f2b4-6e8a-4c0e-9a2c-8d0f2b4e6a91' },
    );
    const checked = await applyClaimCheck(event, {
      store: createS3ClaimCheckStore({ s3, bucket: 'b' }),
      busName: 'bus',
    });
    // `b` is too short a name for a virtual host: path-style, as the SDK addresses it.
    expect(sent[0]?.url).toBe(
      'https://s3.eu-west-2.amazonaws.com/b/claim-checks/SupportTicketOpened/18d0f2b4-6e8a-4c0e-9a2c-8d0f2b4e6a91.json?x-id=PutObject',
    );
    expect(JSON.stringify(checked.data)).toContain('X-Amz-Expires=3600');
  });
});
