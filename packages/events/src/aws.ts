// AWS implementations: this subpath (`@sfe/events/aws`) pulls in the SDK; the package root never does.
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { ClaimCheckStore } from './claim-check';

/**
 * Claim checks in S3: the payload is written to the bucket and consumers get a presigned GET URL. The expiry
 * is short (default one hour) but must outlast queue retries; an event redriven from a DLQ after that needs
 * republishing.
 */
export function createS3ClaimCheckStore(options: {
  client: S3Client;
  bucket: string;
  expiresInSeconds?: number;
}): ClaimCheckStore {
  return {
    async put(key, body) {
      await options.client.send(
        new PutObjectCommand({
          Bucket: options.bucket,
          Key: key,
          Body: body,
          ContentType: 'application/json',
        }),
      );
      return getSignedUrl(options.client, new GetObjectCommand({ Bucket: options.bucket, Key: key }), {
        expiresIn: options.expiresInSeconds ?? 3600,
      });
    },
  };
}
