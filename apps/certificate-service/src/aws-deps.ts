import {
  type AwsJsonClient,
  createAwsJsonClient,
  createS3Objects,
  DYNAMODB,
  type S3Objects,
} from '@sfe/aws-fetch';
import { createS3BlobStore } from '@sfe/blob-store/aws';
import { awsIdempotency } from '@sfe/consumer-toolkit/aws';
import { fetchClaimCheck } from '@sfe/events';
import { createDynamoTableStore } from '@sfe/records/aws';
import { createCertificateRepository } from './adapters/certificate-repository';
import { type CertificateEnv, readCertificateEnv, regionOf } from './env';
import { certificateSources } from './fonts';
import type { CertificateHandlerDeps } from './handler';

export interface AwsClients {
  /** S3 through `@sfe/aws-fetch` (default: in the function's region, `AWS_REGION`). */
  readonly s3?: S3Objects;
  /** DynamoDB (the platform table and idempotency records) through `@sfe/aws-fetch`, in the same region. */
  readonly dynamodb?: AwsJsonClient;
}

/** The handler's dependencies in AWS, from the function's environment (validated once). */
export function awsDeps(
  env: CertificateEnv = readCertificateEnv(),
  clients: AwsClients = {},
): CertificateHandlerDeps {
  const dynamodb = clients.dynamodb ?? createAwsJsonClient(DYNAMODB, { region: regionOf(env) });
  return {
    certificates: createCertificateRepository(
      createDynamoTableStore({ client: dynamodb, tableName: env.TABLE_NAME }),
    ),
    bucket: createS3BlobStore({
      s3: clients.s3 ?? createS3Objects({ region: regionOf(env) }),
      bucket: env.CERTIFICATES_BUCKET_NAME,
    }),
    ...certificateSources(env.CERTIFICATE_FONT_DIRECTORY),
    now: () => new Date(),
    verificationBaseUrl: env.CERTIFICATE_VERIFICATION_BASE_URL,
    downloadBaseUrl: env.CERTIFICATE_DOWNLOAD_BASE_URL,
    issuer: env.CERTIFICATE_ISSUER,
    idempotency: awsIdempotency({ tableName: env.IDEMPOTENCY_TABLE_NAME, client: dynamodb }),
    fetchClaimCheck,
  };
}
