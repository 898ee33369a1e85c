import { createHash } from 'node:crypto';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { describe, expect, it } from 'vitest';
import { AwsServiceError } from './aws-call';
import { createS3Objects } from './s3';
import { recordingFetch } from './testing';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret', sessionToken: 'to/k+en=' };
const signingDate = new Date('2026-12-05T10:00:00Z');
// The SDK's presigned GETs otherwise carry its flexible checksums (`x-amz-checksum-mode=ENABLED`, a CRC32 of the
// empty request body), which only its own client uses; a claim check's reader is a plain fetch.
const noChecksumMode = {
  responseChecksumValidation: 'WHEN_REQUIRED',
  requestChecksumCalculation: 'WHEN_REQUIRED',
} as const;

describe('createS3Objects presignGet', () => {
  it("gives the SDK presigner's URL for a bucket on AWS (virtual-hosted)", async () => {
    const key = 'claim-checks/2026/evt 1(a)!.json';
    const expected = await getSignedUrl(
      new S3Client({ region: 'eu-west-2', credentials, ...noChecksumMode }),
      new GetObjectCommand({ Bucket: 'sfe-claim-checks-prod', Key: key }),
      { expiresIn: 900, signingDate },
    );
    const url = await createS3Objects({ region: 'eu-west-2', credentials, endpoint: undefined }).presignGet(
      'sfe-claim-checks-prod',
      key,
      900,
      signingDate,
    );
    expect(url).toBe(expected);
    expect(
      url.startsWith('https://sfe-claim-checks-prod.s3.eu-west-2.amazonaws.com/claim-checks/2026/'),
    ).toBe(true);
  });

  it("gives the SDK presigner's URL path-style on a configured endpoint", async () => {
    const expected = await getSignedUrl(
      new S3Client({
        region: 'eu-west-2',
        credentials,
        endpoint: 'http://127.0.0.1:4566',
        forcePathStyle: true,
        ...noChecksumMode,
      }),
      new GetObjectCommand({ Bucket: 'b', Key: 'k.json' }),
      { expiresIn: 3600, signingDate },
    );
    const url = await createS3Objects({
      region: 'eu-west-2',
      credentials,
      endpoint: 'http://127.0.0.1:4566',
    }).presignGet('b', 'k.json', 3600, signingDate);
    expect(url).toBe(expected);
  });
});

describe('createS3Objects put', () => {
  it('PUTs the body to the object with its content type and its SHA-256, signed for s3', async () => {
    const sent: { url: string; init: RequestInit | undefined }[] = [];
    const fetchFn = (async (input: string | URL | Request, init?: RequestInit) => {
      sent.push({ url: String(input), init });
      // S3's PutObject answer: 200, an ETag, no body.
      return new Response(null, { status: 200, headers: { etag: '"9b2cf535f27731c974343645a3985328"' } });
    }) as typeof fetch;
    const body = new TextEncoder().encode('{"detail":1}');
    await createS3Objects({ region: 'eu-west-2', credentials, endpoint: undefined, fetch: fetchFn }).put(
      'sfe-claim-checks-prod',
      'a/b.json',
      body,
      'application/json',
    );
    expect(sent).toHaveLength(1);
    const [{ url, init } = { url: '', init: undefined }] = sent;
    expect(url).toBe('https://sfe-claim-checks-prod.s3.eu-west-2.amazonaws.com/a/b.json?x-id=PutObject');
    expect(init?.method).toBe('PUT');
    expect(init?.body).toBe(body);
    const headers = new Headers(init?.headers);
    expect(headers.get('content-type')).toBe('application/json');
    expect(headers.get('x-amz-content-sha256')).toBe(createHash('sha256').update(body).digest('hex'));
    expect(headers.get('authorization')).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-2\/s3\/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token, Signature=[0-9a-f]{64}$/,
    );
  });

  it("throws S3's XML error by its code, without retrying a client error", async () => {
    let calls = 0;
    const fetchFn = (async () => {
      calls++;
      return new Response(
        '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message><BucketName>b</BucketName><RequestId>4442587FB7D0A2F9</RequestId><HostId>abc=</HostId></Error>',
        { status: 404, headers: { 'content-type': 'application/xml' } },
      );
    }) as typeof fetch;
    const error = await createS3Objects({
      region: 'eu-west-2',
      credentials,
      endpoint: 'http://s3.test',
      fetch: fetchFn,
    })
      .put('b', 'k', new Uint8Array(), 'application/json')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsServiceError);
    expect(error).toMatchObject({ name: 'NoSuchBucket', status: 404, requestId: '4442587FB7D0A2F9' });
    expect(calls).toBe(1);
  });
});

describe('createS3Objects get and exists', () => {
  const noSuchKey = () =>
    new Response(
      '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>a.pdf</Key><RequestId>4442587FB7D0A2F9</RequestId><HostId>abc=</HostId></Error>',
      { status: 404, headers: { 'content-type': 'application/xml' } },
    );
  const s3With = (...answers: (() => Response)[]) => {
    const { fetch, sent } = recordingFetch(answers);
    const s3 = createS3Objects({
      region: 'eu-west-2',
      credentials,
      endpoint: 'https://s3.eu-west-2.amazonaws.com',
      fetch,
      retry: { maxAttempts: 1 },
    });
    return { s3, sent };
  };

  it("gets an object's bytes with a signed GET, and undefined for NoSuchKey", async () => {
    const { s3, sent } = s3With(
      () =>
        new Response(new Uint8Array([37, 80, 68, 70]), {
          status: 200,
          headers: { 'content-type': 'application/pdf' },
        }),
      noSuchKey,
    );
    expect(await s3.get('sfe-certificates-prod', 'a.pdf')).toStrictEqual(new Uint8Array([37, 80, 68, 70]));
    expect(await s3.get('sfe-certificates-prod', 'a.pdf')).toBeUndefined();
    expect(sent.map(({ method, url }) => `${method} ${url}`)).toStrictEqual([
      'GET https://sfe-certificates-prod.s3.eu-west-2.amazonaws.com/a.pdf?x-id=GetObject',
      'GET https://sfe-certificates-prod.s3.eu-west-2.amazonaws.com/a.pdf?x-id=GetObject',
    ]);
    expect(sent[0]?.headers.authorization).toMatch(/\/eu-west-2\/s3\/aws4_request, /);
  });

  it('tells with HEAD whether an object exists: 200 yes, 404 no, 403 thrown', async () => {
    // HEAD answers carry no body: the status alone says what went wrong.
    const { s3, sent } = s3With(
      () => new Response(null, { status: 200, headers: { 'content-length': '28000' } }),
      () => new Response(null, { status: 404 }),
      () => new Response(null, { status: 403, headers: { 'x-amz-request-id': '4442587FB7D0A2F9' } }),
    );
    expect(await s3.exists('sfe-certificates-prod', 'a.pdf')).toBe(true);
    expect(await s3.exists('sfe-certificates-prod', 'a.pdf')).toBe(false);
    await expect(s3.exists('sfe-certificates-prod', 'a.pdf')).rejects.toMatchObject({
      name: 'Forbidden',
      status: 403,
      requestId: '4442587FB7D0A2F9',
    });
    expect(sent.map(({ method }) => method)).toStrictEqual(['HEAD', 'HEAD', 'HEAD']);
  });
});
