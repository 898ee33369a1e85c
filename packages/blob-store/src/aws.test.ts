import { s3Answering } from '@sfe/aws-fetch/testing';
import { describe, expect, it } from 'vitest';
import { createS3BlobStore } from './aws';

// S3's answers as on the wire: XML errors with a code, HEAD errors as a bare status.
const xmlError = (status: number, code: string, message: string) => () =>
  new Response(
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>4442587FB7D0A2F9</RequestId><HostId>abc=</HostId></Error>`,
    { status, headers: { 'content-type': 'application/xml' } },
  );
const accessDenied = xmlError(403, 'AccessDenied', 'Access Denied');

/** The store on bucket `sfe-certificates-prod` in eu-west-2, S3 answering `answers` in order. */
function storeAnswering(...answers: (() => Response)[]) {
  const { s3, sent } = s3Answering(...answers);
  return { store: createS3BlobStore({ s3, bucket: 'sfe-certificates-prod' }), sent };
}

const BUCKET_URL = 'https://sfe-certificates-prod.s3.eu-west-2.amazonaws.com';

describe('createS3BlobStore', () => {
  it('puts an object with its content type', async () => {
    const { store, sent } = storeAnswering(
      () => new Response(null, { status: 200, headers: { etag: '"9b2cf535f27731c974343645a3985328"' } }),
    );
    await store.put('certificates/u-1/c-1.pdf', new Uint8Array([37, 80, 68, 70]), 'application/pdf');
    expect(
      sent.map(({ method, url, body, headers }) => [method, url, body, headers['content-type']]),
    ).toStrictEqual([
      ['PUT', `${BUCKET_URL}/certificates/u-1/c-1.pdf?x-id=PutObject`, '%PDF', 'application/pdf'],
    ]);
  });

  it("gets an object's bytes", async () => {
    const { store, sent } = storeAnswering(
      () =>
        new Response(new Uint8Array([37, 80, 68, 70]), {
          status: 200,
          headers: { 'content-type': 'application/pdf' },
        }),
    );
    expect(await store.get('a.pdf')).toStrictEqual(new Uint8Array([37, 80, 68, 70]));
    expect(sent[0]?.url).toBe(`${BUCKET_URL}/a.pdf?x-id=GetObject`);
  });

  it('answers undefined for NoSuchKey and passes other errors through', async () => {
    const { store } = storeAnswering(
      xmlError(404, 'NoSuchKey', 'The specified key does not exist.'),
      accessDenied,
    );
    expect(await store.get('missing.pdf')).toBeUndefined();
    await expect(store.get('secret.pdf')).rejects.toThrow('AccessDenied (HTTP 403): Access Denied');
  });

  it('finds an object with HEAD: true, false on 404, and other errors passed through', async () => {
    const { store, sent } = storeAnswering(
      () => new Response(null, { status: 200, headers: { 'content-length': '4' } }),
      () => new Response(null, { status: 404 }),
      () => new Response(null, { status: 403 }),
    );
    expect(await store.exists('a.pdf')).toBe(true);
    expect(await store.exists('missing.pdf')).toBe(false);
    await expect(store.exists('secret.pdf')).rejects.toThrow('Forbidden (HTTP 403)');
    expect(sent.map(({ method, url }) => `${method} ${url}`)).toStrictEqual([
      `HEAD ${BUCKET_URL}/a.pdf?x-id=HeadObject`,
      `HEAD ${BUCKET_URL}/missing.pdf?x-id=HeadObject`,
      `HEAD ${BUCKET_URL}/secret.pdf?x-id=HeadObject`,
    ]);
  });

  it('signs a GET link that expires, without a request', async () => {
    const { store, sent } = storeAnswering();
    const url = new URL(await store.signedUrl('certificates/u-1/c 1.pdf', 900));
    expect(url.origin).toBe(BUCKET_URL);
    expect(url.pathname).toBe('/certificates/u-1/c%201.pdf');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
    expect(url.searchParams.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    expect(sent).toHaveLength(0);
  });
});
