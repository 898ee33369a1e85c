import { LOCAL_IDEMPOTENCY_TABLE } from '@sfe/consumer-toolkit';
import { defineService } from '@sfe/service-definition';
import { EmailEnvSchema } from './env';
import { SERVICE_NAME } from './service-name';
import { LOCAL_CONFIGURATION_SET, learnerEmails, sesFeedback } from './subscription';

/** The suppression list's table in the local runtime's store (its `SUPPRESSION_TABLE_NAME` local setting). */
export const LOCAL_SUPPRESSION_TABLE = 'email-suppressions';

/** email-service, defined once: the stack, the local runtime and `pnpm sfe services` read this. */
export const service = defineService({
  name: SERVICE_NAME,
  description:
    'Welcome, receipt, congratulations and certificate-ready emails to learners (SES), skipping addresses that bounced or complained',
  subscriptions: [
    { ...learnerEmails, delivery: { batchSize: 10, functionTimeoutSeconds: 30, maxReceiveCount: 5 } },
    // Bounces and complaints are few, and each is one conditional write per address.
    { ...sesFeedback, delivery: { batchSize: 10, functionTimeoutSeconds: 30, maxReceiveCount: 5 } },
  ],
  config: EmailEnvSchema,
  localSettings: {
    EMAIL_FROM_ADDRESS: 'no-reply@sfe.localhost',
    APP_URL: 'http://localhost:4010',
    IDEMPOTENCY_TABLE_NAME: LOCAL_IDEMPOTENCY_TABLE,
    SUPPRESSION_TABLE_NAME: LOCAL_SUPPRESSION_TABLE,
    SES_CONFIGURATION_SET: LOCAL_CONFIGURATION_SET,
    // Where `pnpm dev` serves the platform API; the local handler reads the same table directly (src/local.ts).
    PLATFORM_API_URL: 'http://127.0.0.1:4010',
  },
  local: () => import('./local'),
});
