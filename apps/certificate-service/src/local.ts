import { type LocalContext, localIdempotency, type SqsBatchHandler } from '@sfe/consumer-toolkit';
import { createCertificateRepository } from './adapters/certificate-repository';
import { createFontLoader } from './fonts';
import { createHandler, SERVICE_NAME } from './handler';
import { subscriptions } from './subscription';

/** The local bucket holding certificates (in AWS: the bucket this service's stack owns). */
export const LOCAL_CERTIFICATES_BUCKET = 'certificates';
const DEFAULT_VERIFICATION_BASE_URL = 'http://127.0.0.1:4010/certificates/verify';

/**
 * The service in the local runtime: the same handler, with the local store's platform table (its writes
 * reach the change stream, so CertificateGenerated follows), a local bucket and local idempotency.
 * Settings: `CERTIFICATE_VERIFICATION_BASE_URL`, `CERTIFICATE_ISSUER`.
 */
export function createLocalHandlers(context: LocalContext): Record<string, SqsBatchHandler> {
  const bucket = context.bucket(LOCAL_CERTIFICATES_BUCKET);
  const handler = createHandler({
    certificates: createCertificateRepository(context.platformTable),
    bucket,
    loadFonts: createFontLoader(),
    now: context.now,
    verificationBaseUrl: context.settings.CERTIFICATE_VERIFICATION_BASE_URL ?? DEFAULT_VERIFICATION_BASE_URL,
    issuer: context.settings.CERTIFICATE_ISSUER ?? 'SFE Academy',
    idempotency: localIdempotency(context),
    fetchClaimCheck: context.fetchClaimCheck,
    onOutcome: (outcome) =>
      context.report(
        outcome.status === 'issued'
          ? `${SERVICE_NAME}: certificate ${outcome.certificateId} (${outcome.bytes} bytes) → ${bucket.bucket}/${outcome.objectKey}`
          : `${SERVICE_NAME}: certificate ${outcome.certificateId} already issued, nothing to do`,
      ),
  });
  return Object.fromEntries(subscriptions.map((subscription) => [subscription.id, handler]));
}
