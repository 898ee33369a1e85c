import {
  GetObjectCommand,
  HeadObjectCommand,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { createS3BlobStore } from './aws';

const client = new S3Client({
  region: 'eu-west-2',
  credentials: {
    accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  },
});
const s3 = mockClient(client);
afterEach(() => s3.reset());

const store = createS3BlobStore({ client, bucket: 'sfe-certificates-prod' });
const accessDenied = () =>
  new S3ServiceException({
    name: 'AccessDenied',
    $fault: 'client',
    $metadata: { httpStatusCode: 403 },
    message: 'Access Denied',
  });

describe('createS3BlobStore', () => {
  it('puts an object with its content type', async () => {
    s3.on(PutObjectCommand).resolves({ ETag: '"9b2cf535f27731c974343645a3985328"' });
    await store.put('certificates/u-1/c-1.pdf', new Uint8Array([1, 2, 3]), 'application/pdf');
    expect(s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input)).toStrictEqual([
      {
        Bucket: 'sfe-certificates-prod',
        Key: 'certificates/u-1/c-1.pdf',
        Body: new Uint8Array([1, 2, 3]),
        ContentType: 'application/pdf',
      },
    ]);
  });

  it("gets an object's bytes", async () => {
    s3.on(GetObjectCommand, { Bucket: 'sfe-certificates-prod', Key: 'a.pdf' }).resolves({
      // The SDK's stream body, reduced to the one method the store uses.
      Body: { transformToByteArray: async () => new Uint8Array([37, 80, 68, 70]) } as never,
    });
    expect(await store.get('a.pdf')).toStrictEqual(new Uint8Array([37, 80, 68, 70]));
  });

  it('answers undefined for NoSuchKey and passes other errors through', async () => {
    s3.on(GetObjectCommand, { Key: 'missing.pdf' })
      .rejects(new NoSuchKey({ message: 'The specified key does not exist.', $metadata: {} }))
      .on(GetObjectCommand, { Key: 'secret.pdf' })
      .rejects(accessDenied());
    expect(await store.get('missing.pdf')).toBeUndefined();
    await expect(store.get('secret.pdf')).rejects.toThrow('Access Denied');
  });

  it('finds an object with HEAD: true, false on NotFound, and other errors passed through', async () => {
    s3.on(HeadObjectCommand, { Key: 'a.pdf' })
      .resolves({ ContentLength: 4 })
      .on(HeadObjectCommand, { Key: 'missing.pdf' })
      .rejects(new NotFound({ message: 'NotFound', $metadata: { httpStatusCode: 404 } }))
      .on(HeadObjectCommand, { Key: 'secret.pdf' })
      .rejects(accessDenied());
    expect(await store.exists('a.pdf')).toBe(true);
    expect(await store.exists('missing.pdf')).toBe(false);
    await expect(store.exists('secret.pdf')).rejects.toThrow('Access Denied');
    expect(s3.commandCalls(HeadObjectCommand)[0]?.args[0].input).toStrictEqual({
      Bucket: 'sfe-certificates-prod',
      Key: 'a.pdf',
    });
  });

  it('signs a GET link that expires', async () => {
    const url = new URL(await store.signedUrl('certificates/u-1/c 1.pdf', 900));
    expect(url.origin).toBe('https://sfe-certificates-prod.s3.eu-west-2.amazonaws.com');
    expect(url.pathname).toBe('/certificates/u-1/c%201.pdf');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
    expect(url.searchParams.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    expect(s3.calls()).toHaveLength(0);
  });
});
