import { HeadObjectCommand, NotFound, S3Client } from '@aws-sdk/client-s3';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import fixture from '../test/fixtures/function-url-get-certificate.json';
import { awsDownloadDeps } from './aws-download-deps';
import { createDownloadHandler } from './download-handler';
import { readDownloadEnv } from './env';

const client = new S3Client({
  region: 'eu-west-2',
  credentials: {
    accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  },
});
const s3 = mockClient(client);
afterEach(() => s3.reset());

const event = fixture as APIGatewayProxyEventV2;
const key = 'certificates/9039ebd5-6c1e-5a8f-b2d4-3e5f7a9c1b2d.pdf';

describe('awsDownloadDeps', () => {
  const env = readDownloadEnv({ CERTIFICATES_BUCKET_NAME: 'sfe-dev-certificates' });
  const handler = createDownloadHandler(awsDownloadDeps(env, client));

  it('checks the PDF with HEAD, then redirects to a presigned GET of it', async () => {
    s3.on(HeadObjectCommand).resolves({ ContentLength: 28_000, ContentType: 'application/pdf' });

    const response = await handler(event);

    expect(s3.commandCalls(HeadObjectCommand).map((c) => c.args[0].input)).toStrictEqual([
      { Bucket: 'sfe-dev-certificates', Key: key },
    ]);
    expect(response.statusCode).toBe(302);
    const location = new URL(String(response.headers?.location));
    expect(location.origin).toBe('https://sfe-dev-certificates.s3.eu-west-2.amazonaws.com');
    expect(location.pathname).toBe(`/${key}`);
    expect(location.searchParams.get('X-Amz-Expires')).toBe('300');
    expect(location.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('answers 404 when S3 has no such key', async () => {
    s3.on(HeadObjectCommand).rejects(
      new NotFound({ message: 'NotFound', $metadata: { httpStatusCode: 404 } }),
    );
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
