import { defineService } from '@sfe/service-definition';
import { PlatformApiEnvSchema } from './env';
import { PLATFORM_API_ROUTES } from './routes';
import { SERVICE_NAME } from './service-name';

/**
 * platform-api, defined once: no subscriptions, an HTTP API. Its stack serves it as a function URL (IAM auth);
 * `pnpm dev` serves the same routes on the runtime's port (discovered from this definition).
 */
export const service = defineService({
  name: SERVICE_NAME,
  description:
    'The read API consumers call back for light events: the current state of a user, enrolment or payment',
  api: {
    description: 'Current state of platform items, for consumers of light (notification) events',
    routes: PLATFORM_API_ROUTES,
  },
  config: PlatformApiEnvSchema,
  // Locally the service reads the runtime's platform table (`LocalContext.platformTable`) whatever its name.
  localSettings: { PLATFORM_TABLE_NAME: 'platform' },
  local: () => import('./local'),
});
