import { LOCAL_IDEMPOTENCY_TABLE } from '@sfe/consumer-toolkit';
import { defineService } from '@sfe/service-definition';
import { ReportingEnvSchema } from './env';
import { LOCAL_REPORTING_TABLE } from './local-table';
import { SERVICE_NAME } from './service-name';
import { reportedEventsSubscription } from './subscription';

/** reporting-service, defined once: the stack, the local runtime and `pnpm sfe services` read this. */
export const service = defineService({
  name: SERVICE_NAME,
  description: 'Reporting tables: signups, revenue, completions and active accounts',
  subscriptions: [
    {
      ...reportedEventsSubscription,
      delivery: { batchSize: 10, functionTimeoutSeconds: 30, maxReceiveCount: 5 },
    },
  ],
  config: ReportingEnvSchema,
  localSettings: {
    REPORTING_TABLE_NAME: LOCAL_REPORTING_TABLE,
    IDEMPOTENCY_TABLE_NAME: LOCAL_IDEMPOTENCY_TABLE,
    // Where `pnpm dev` serves the platform API; the local handler reads the same table directly (src/local.ts).
    PLATFORM_API_URL: 'http://127.0.0.1:4010',
  },
  local: () => import('./local'),
});
