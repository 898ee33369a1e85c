import { createS3Objects, type S3Objects } from '@sfe/aws-fetch';
import { createS3BlobStore } from '@sfe/blob-store/aws';
import type { DownloadCertificateDeps } from './download-certificate';
import { readDownloadEnv, regionOf } from './env';

/** The download function's dependencies in AWS: the certificates bucket (S3 through `@sfe/aws-fetch`), and nothing else. */
export function awsDownloadDeps(
  env = readDownloadEnv(),
  s3: S3Objects = createS3Objects({ region: regionOf(env) }),
): DownloadCertificateDeps {
  return {
    bucket: createS3BlobStore({ s3, bucket: env.CERTIFICATES_BUCKET_NAME }),
    linkTtlSeconds: env.DOWNLOAD_LINK_TTL_SECONDS,
  };
}
