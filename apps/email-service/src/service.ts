import { LOCAL_IDEMPOTENCY_TABLE } from '@sfe/consumer-toolkit';
import { defineService } from '@sfe/service-definition';
import { EmailEnvSchema } from './env';
import { SERVICE_NAME } from './service-name';
import { learnerEmails } from './subscription';

/** email-service, defined once: the stack, the local runtime and `pnpm sfe services` read this. */
export const service = defineService({
  name: SERVICE_NAME,
  description: 'Welcome, receipt, congratulations and certificate-ready emails to learners (SES)',
  subscriptions: [
    { ...learnerEmails, delivery: { batchSize: 10, functionTimeoutSeconds: 30, maxReceiveCount: 5 } },
  ],
  config: EmailEnvSchema,
  localSettings: {
    EMAIL_FROM_ADDRESS: 'no-reply@sfe.localhost',
    APP_URL: 'http://localhost:4010',
    IDEMPOTENCY_TABLE_NAME: LOCAL_IDEMPOTENCY_TABLE,
    // Where `pnpm dev` serves the platform API; the local handler reads the same table directly (src/local.ts).
    PLATFORM_API_URL: 'http://127.0.0.1:4010',
  },
  local: () => import('./local'),
});
