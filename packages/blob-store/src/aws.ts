// The S3 implementation: this subpath (`@sfe/blob-store/aws`) talks to S3; the package root never does.
import type { S3Objects } from '@sfe/aws-fetch';
import type { BlobStore } from './blob-store';

/**
 * A BlobStore on one S3 bucket, through `createS3Objects` (`@sfe/aws-fetch`: signed `fetch` calls and the SDK
 * presigner's URLs without the SDK's S3 client, ~170 KB of a function's bundle otherwise). Grant the function
 * `s3:ListBucket` on the bucket as well as Get/Put: without it S3 answers a missing key with 403 AccessDenied
 * (thrown) instead of 404 (`get` → undefined, `exists` → false).
 * @example createS3BlobStore({ s3: createS3Objects({ region: env.AWS_REGION }), bucket: env.BUCKET_NAME })
 */
export function createS3BlobStore(options: { s3: S3Objects; bucket: string }): BlobStore {
  const { s3, bucket } = options;
  return {
    bucket,
    put: (key, body, contentType) => s3.put(bucket, key, body, contentType),
    get: (key) => s3.get(bucket, key),
    exists: (key) => s3.exists(bucket, key),
    signedUrl: (key, expiresInSeconds) => s3.presignGet(bucket, key, expiresInSeconds),
  };
}
