import { S3Client } from '@aws-sdk/client-s3';
import { createS3BlobStore } from '@sfe/blob-store/aws';
import type { DownloadCertificateDeps } from './download-certificate';
import { readDownloadEnv } from './env';

/** The download function's dependencies in AWS: the certificates bucket, and nothing else. */
export function awsDownloadDeps(
  env = readDownloadEnv(),
  client: S3Client = new S3Client({}),
): DownloadCertificateDeps {
  return {
    bucket: createS3BlobStore({ client, bucket: env.CERTIFICATES_BUCKET_NAME }),
    linkTtlSeconds: env.DOWNLOAD_LINK_TTL_SECONDS,
  };
}
