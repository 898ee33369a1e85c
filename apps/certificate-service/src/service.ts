import { LOCAL_IDEMPOTENCY_TABLE } from '@sfe/consumer-toolkit';
import { defineService } from '@sfe/service-definition';
import { CertificateEnvSchema } from './env';
import { SERVICE_NAME } from './service-name';
import { courseCompletedSubscription } from './subscription';

/** certificate-service, defined once: the stack, the local runtime and `pnpm sfe services` read this. */
export const service = defineService({
  name: SERVICE_NAME,
  description: 'Issues a PDF certificate (pdf-lib) when a learner completes a course',
  subscriptions: [
    // Rendering a PDF takes a moment and memory: 30 s per batch of 10 leaves room on a cold start.
    {
      ...courseCompletedSubscription,
      delivery: { batchSize: 10, functionTimeoutSeconds: 30, maxReceiveCount: 5 },
    },
  ],
  // Its download address: a function URL in AWS, served by `pnpm dev` on the runtime's port (`http` in local.ts).
  api: {
    description: "Each certificate's stable download address, linked from the certificate email",
    routes: ['GET /certificates/{certificateId}'],
  },
  config: CertificateEnvSchema,
  localSettings: {
    TABLE_NAME: 'platform',
    CERTIFICATES_BUCKET_NAME: 'certificates',
    CERTIFICATE_VERIFICATION_BASE_URL: 'http://127.0.0.1:4010/certificates/verify',
    // The runtime serves the download address (this service's `api`) on its own URL.
    CERTIFICATE_DOWNLOAD_BASE_URL: 'http://127.0.0.1:4010',
    IDEMPOTENCY_TABLE_NAME: LOCAL_IDEMPOTENCY_TABLE,
  },
  local: () => import('./local'),
});
