import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkBlobLink, createLocalBlobStore, readBlobLink } from '@sfe/blob-store';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createDownloadHandler } from './download-handler';

const SECRET = 'test-secret';
const BLOBS = 'http://127.0.0.1:4010/blobs';
const NOW = new Date('2026-12-05T09:12:43.000Z');

async function fixture(): Promise<APIGatewayProxyEventV2> {
  return JSON.parse(
    await readFile(new URL('../test/fixtures/function-url-get-certificate.json', import.meta.url), 'utf8'),
  ) as APIGatewayProxyEventV2;
}

async function setUp() {
  const directory = await mkdtemp(join(tmpdir(), 'certificate-download-'));
  onTestFinished(() => rm(directory, { recursive: true, force: true }));
  const bucket = createLocalBlobStore({
    rootDirectory: directory,
    bucket: 'certificates',
    baseUrl: BLOBS,
    signingSecret: SECRET,
    now: () => NOW,
  });
  return { bucket, handler: createDownloadHandler({ bucket, linkTtlSeconds: 300 }) };
}

describe('createDownloadHandler', () => {
  it('redirects a function URL request for an issued certificate to a link that works for 5 minutes', async () => {
    const { bucket, handler } = await setUp();
    const event = await fixture();
    await bucket.put(
      `certificates${event.rawPath.slice('/certificates'.length)}.pdf`,
      '%PDF-1.7',
      'application/pdf',
    );

    const response = await handler(event);

    expect(response).toStrictEqual({
      statusCode: 302,
      headers: {
        location: expect.stringMatching(/^http:\/\/127\.0\.0\.1:4010\/blobs\/certificates\//),
        'cache-control': 'no-store',
        'content-type': 'text/plain; charset=utf-8',
      },
      body: 'Found',
    });
    const link = readBlobLink(String(response.headers?.location), BLOBS);
    expect(link).toMatchObject({
      bucket: 'certificates',
      key: 'certificates/9039ebd5-6c1e-5a8f-b2d4-3e5f7a9c1b2d.pdf',
      expires: String(NOW.getTime() / 1000 + 300),
    });
    if (!link) throw new Error('not a signed link');
    expect(checkBlobLink(SECRET, link, NOW)).toBeUndefined();
  });

  it('answers 404 for a certificate that was never issued', async () => {
    const { handler } = await setUp();
    expect(await handler(await fixture())).toStrictEqual({
      statusCode: 404,
      headers: { 'cache-control': 'no-store', 'content-type': 'text/plain; charset=utf-8' },
      body: 'No certificate 9039ebd5-6c1e-5a8f-b2d4-3e5f7a9c1b2d',
    });
  });

  it('routes on the raw path, so an encoded traversal is a 404, not a path into the bucket', async () => {
    const { bucket, handler } = await setUp();
    await bucket.put('secret.pdf', 'x', 'application/pdf');
    const event = await fixture();
    const response = await handler({
      ...event,
      rawPath: '/certificates/..%2Fsecret',
      requestContext: { ...event.requestContext, http: { ...event.requestContext.http, path: '/secret' } },
    });
    expect(response.statusCode).toBe(404);
    expect(response.body).toBe('Not found');
  });

  it('refuses a POST with 405', async () => {
    const { handler } = await setUp();
    const event = await fixture();
    const response = await handler({
      ...event,
      requestContext: { ...event.requestContext, http: { ...event.requestContext.http, method: 'POST' } },
    });
    expect(response.statusCode).toBe(405);
    expect(response.headers?.allow).toBe('GET, HEAD');
  });
});
