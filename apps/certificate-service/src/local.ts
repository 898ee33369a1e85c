import { type LocalContext, localIdempotency } from '@sfe/consumer-toolkit';
import type { LocalService } from '@sfe/service-definition';
import { createCertificateRepository } from './adapters/certificate-repository';
import type { CertificateEnv } from './env';
import { createFontLoader } from './fonts';
import { createHandler, SERVICE_NAME } from './handler';
import { courseCompletedSubscription } from './subscription';

/**
 * The service in the local runtime: the same handler, with the local store's platform table (its writes
 * reach the change stream, so CertificateGenerated follows), a local bucket and local idempotency.
 */
export function createLocalService(context: LocalContext, env: CertificateEnv): LocalService {
  const bucket = context.bucket(env.CERTIFICATES_BUCKET_NAME);
  const handler = createHandler({
    certificates: createCertificateRepository(context.platformTable),
    bucket,
    loadFonts: createFontLoader(),
    now: context.now,
    verificationBaseUrl: env.CERTIFICATE_VERIFICATION_BASE_URL,
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
  return { handlers: { [courseCompletedSubscription.id]: handler } };
}
