import { type LocalContext, localIdempotency } from '@sfe/consumer-toolkit';
import type { LocalService } from '@sfe/service-definition';
import { createCertificateRepository } from './adapters/certificate-repository';
import { DOWNLOAD_PATH_PREFIX } from './domain/certificate';
import { downloadCertificate } from './download-certificate';
import type { CertificateEnv } from './env';
import { certificateSources } from './fonts';
import { createHandler, SERVICE_NAME } from './handler';
import { courseCompletedSubscription } from './subscription';

/**
 * The service in the local runtime: the same handler, with the local store's platform table (its writes
 * reach the change stream, so CertificateGenerated follows), a local bucket and local idempotency; and the
 * download address, the download function's logic on the same bucket, which the runtime serves on its own URL
 * (`CERTIFICATE_DOWNLOAD_BASE_URL`), redirecting to a signed local link as AWS redirects to S3.
 */
export function createLocalService(context: LocalContext, env: CertificateEnv): LocalService {
  const bucket = context.bucket(env.CERTIFICATES_BUCKET_NAME);
  const handler = createHandler({
    certificates: createCertificateRepository(context.platformTable),
    bucket,
    ...certificateSources(),
    now: context.now,
    verificationBaseUrl: env.CERTIFICATE_VERIFICATION_BASE_URL,
    downloadBaseUrl: env.CERTIFICATE_DOWNLOAD_BASE_URL,
    issuer: env.CERTIFICATE_ISSUER,
    idempotency: localIdempotency(context, env.IDEMPOTENCY_TABLE_NAME),
    fetchClaimCheck: context.fetchClaimCheck,
    onOutcome: (outcome) =>
      context.report(
        outcome.status === 'issued'
          ? `${SERVICE_NAME}: certificate ${outcome.certificateId} (${outcome.bytes} bytes) → ${bucket.bucket}/${outcome.objectKey}`
          : `${SERVICE_NAME}: certificate ${outcome.certificateId} already issued, nothing to do`,
      ),
  });
  const downloads = { bucket, linkTtlSeconds: env.DOWNLOAD_LINK_TTL_SECONDS };
  return {
    handlers: { [courseCompletedSubscription.id]: handler },
    // The download function's own logic, on the path it answers; every other path is not this service's.
    http: async (request) => {
      if (!request.path.startsWith(DOWNLOAD_PATH_PREFIX)) return undefined;
      const answer = await downloadCertificate(request, downloads);
      return { status: answer.statusCode, headers: answer.headers, body: answer.body };
    },
  };
}
