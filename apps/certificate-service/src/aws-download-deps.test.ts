import { s3Answering } from '@sfe/aws-fetch/testing';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import fixture from '../test/fixtures/function-url-get-certificate.json';
import { awsDownloadDeps } from './aws-download-deps';
import { createDownloadHandler } from './download-handler';
import { readDownloadEnv } from './env';

/** The download handler on S3 in eu-west-2, whose requests get `answers` (S3's wire responses) in order. */
function handlerAnswering(...answers: (() => Response)[]) {
  const { s3, sent } = s3Answering(...answers);
  const env = readDownloadEnv({ CERTIFICATES_BUCKET_NAME: 'sfe-dev-certificates' });
  return { handler: createDownloadHandler(awsDownloadDeps(env, s3)), sent };
}

const event = fixture as APIGatewayProxyEventV2;
const key = 'certificates/9039ebd5-6c1e-5a8f-b2d4-3e5f7a9c1b2d.pdf';

describe('awsDownloadDeps', () => {
  it('checks the PDF with HEAD, then redirects to a presigned GET of it', async () => {
    const { handler, sent } = handlerAnswering(
      () =>
        new Response(null, {
          status: 200,
          headers: { 'content-length': '28000', 'content-type': 'application/pdf' },
        }),
    );

    const response = await handler(event);

    expect(sent.map(({ method, url }) => `${method} ${url}`)).toStrictEqual([
      `HEAD https://sfe-dev-certificates.s3.eu-west-2.amazonaws.com/${key}?x-id=HeadObject`,
    ]);
    expect(response.statusCode).toBe(302);
    const location = new URL(String(response.headers?.location));
    expect(location.origin).toBe('https://sfe-dev-certificates.s3.eu-west-2.amazonaws.com');
    expect(location.pathname).toBe(`/${key}`);
    expect(location.searchParams.get('X-Amz-Expires')).toBe('300');
    expect(location.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('answers 404 when S3 has no such key', async () => {
    // A HEAD of a missing key: 404 with no body.
    const { handler } = handlerAnswering(() => new Response(null, { status: 404 }));
    expect((await handler(event)).statusCode).toBe(404);
  });
});

describe('readDownloadEnv', () => {
  it('defaults the link lifetime to 5 minutes and names a missing bucket', () => {
    expect(readDownloadEnv({ CERTIFICATES_BUCKET_NAME: 'b' })).toStrictEqual({
      CERTIFICATES_BUCKET_NAME: 'b',
      DOWNLOAD_LINK_TTL_SECONDS: 300,
    });
    expect(() => readDownloadEnv({ DOWNLOAD_LINK_TTL_SECONDS: '86400' })).toThrow(
      /CERTIFICATES_BUCKET_NAME: .*DOWNLOAD_LINK_TTL_SECONDS: /,
    );
  });
});
