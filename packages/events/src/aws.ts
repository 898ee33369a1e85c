// AWS implementations: this subpath (`@sfe/events/aws`) talks to AWS; the package root never does.
import type { S3Objects } from '@sfe/aws-fetch';
import type { ClaimCheckStore } from './claim-check';

/**
 * Claim checks in S3: the payload is written to the bucket and consumers get a presigned GET URL. The expiry
 * is short (default one hour) but must outlast queue retries; an event redriven from a DLQ after that needs
 * republishing. S3 is reached through `createS3Objects` (`@sfe/aws-fetch`: the SDK's signer and presigner
 * settings without its S3 client, which would be ~170 KB of the stream processor's bundle for two calls).
 * @example createS3ClaimCheckStore({ s3: createS3Objects({ region }), bucket: env.CLAIM_CHECK_BUCKET })
 */
export function createS3ClaimCheckStore(options: {
  /** Only PutObject and presigned GETs are used. */
  s3: Pick<S3Objects, 'put' | 'presignGet'>;
  bucket: string;
  expiresInSeconds?: number;
}): ClaimCheckStore {
  return {
    async put(key, body) {
      await options.s3.put(options.bucket, key, body, 'application/json');
      return options.s3.presignGet(options.bucket, key, options.expiresInSeconds ?? 3600);
    },
  };
}
