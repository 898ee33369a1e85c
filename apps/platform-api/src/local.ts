import { parsePlatformPath } from '@sfe/platform-client';
import type { LocalContext, LocalService } from '@sfe/service-definition';
import { handlePlatformApiRequest } from './routes';

/**
 * The API in the local runtime: the same route table over the local platform table, on the runtime's own port
 * (`GET http://127.0.0.1:4010/users/ada`). No signature is checked locally; paths that are not the API's are
 * left to the runtime.
 */
export function createLocalService(context: LocalContext): LocalService {
  return {
    handlers: {},
    http: async (request) =>
      parsePlatformPath(request.path) ? handlePlatformApiRequest(context.platformTable, request) : undefined,
  };
}
