import { parsePlatformPath, readPlatformResource } from '@sfe/platform-client';
import type { TableStore } from '@sfe/records';

/** The routes, as `pnpm sfe services` and the README show them (`platformPath` of the client builds them). */
export const PLATFORM_API_ROUTES = [
  'GET /users/{userId}',
  'GET /users/{userId}/enrolments/{courseId}',
  'GET /users/{userId}/payments/{paymentId}',
] as const;

/** An HTTP answer, whatever serves it (a function URL in AWS, the local runtime's server locally). */
export interface PlatformApiResponse {
  readonly status: 200 | 404 | 405;
  readonly body: unknown;
}

/**
 * The platform API's one route table: `GET /users/<userId>`, `/users/<userId>/enrolments/<courseId>` and
 * `/users/<userId>/payments/<paymentId>` answer the current state of the item (`@sfe/platform-client`'s
 * views), 404 when there is none or the path names nothing, 405 for another method. Errors of the table
 * (throttling, a failed read) propagate: the server turns them into a 5xx, which the client retries.
 */
export async function handlePlatformApiRequest(
  store: TableStore,
  request: { readonly method: string; readonly path: string },
): Promise<PlatformApiResponse> {
  const resource = parsePlatformPath(request.path);
  if (!resource) return { status: 404, body: { error: `no resource at ${request.path}` } };
  if (request.method !== 'GET') {
    return {
      status: 405,
      body: { error: `${request.method} is not allowed: the platform API is read-only` },
    };
  }
  const view = await readPlatformResource(store, resource);
  return view === undefined
    ? { status: 404, body: { error: `no ${resource.kind} at ${request.path}` } }
    : { status: 200, body: view };
}
