import type { HttpAnswer, HttpFetch } from '@sfe/aws-fetch';
import type * as z from 'zod/mini';
import {
  EnrolmentViewSchema,
  PaymentViewSchema,
  type PlatformReader,
  type PlatformResource,
  platformPath,
  UserViewSchema,
} from './contract';

/** Base class of every error thrown by `@sfe/platform-client`. */
export class PlatformClientError extends Error {
  override name = 'PlatformClientError';
}

/** The platform API could not answer (after the retries), or answered something that is not the contract. */
export class PlatformApiError extends PlatformClientError {
  override name = 'PlatformApiError';
  constructor(
    message: string,
    /** The last HTTP status, when there was a response. */
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface PlatformClientOptions {
  /**
   * The API's URL: the runtime's locally; in AWS its function URL, or how to find it (looked up on the first
   * call, again after a failed lookup).
   */
  readonly baseUrl: string | (() => Promise<string>);
  /** How a request is sent: global `fetch`, or a signing one (`createSigningFetch` from `@sfe/platform-client/aws`). */
  readonly fetch?: HttpFetch;
  /** Per attempt (default 2000 ms): a call-back must not hold a consumer for its whole Lambda timeout. */
  readonly timeoutMs?: number;
  /** Further attempts after a timeout, a network error, a 429 or a 5xx (default 2). */
  readonly retries?: number;
  /** The first retry's delay (default 100 ms), doubling, with full jitter. */
  readonly backoffMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

const RETRIABLE_STATUS = (status: number) => status === 429 || status >= 500;

/**
 * The platform API's typed client: the current state of a user, an enrolment or a payment. A 404 is
 * `undefined`; a timeout, network error, 429 or 5xx is retried with exponential backoff and full jitter, then
 * thrown as `PlatformApiError` (as is any other status, or a body that is not the contract's view), so a
 * consumer's record fails and SQS redelivers it.
 *
 * @example
 * const platform = createPlatformClient({ baseUrl: env.PLATFORM_API_URL, fetch: createSigningFetch({ region }) });
 * const payment = await platform.getPayment(userId, paymentId); // PaymentView | undefined
 */
export function createPlatformClient(options: PlatformClientOptions): PlatformReader {
  const send = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 2000;
  const retries = options.retries ?? 2;
  const backoffMs = options.backoffMs ?? 100;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  const findBaseUrl = options.baseUrl;
  let found: Promise<string> | undefined;
  const baseUrl = async (): Promise<string> => {
    if (typeof findBaseUrl === 'string') return findBaseUrl.replace(/\/+$/, '');
    found ??= findBaseUrl().then(
      (url) => url.replace(/\/+$/, ''),
      (error: unknown) => {
        found = undefined;
        throw new PlatformApiError(`cannot find the platform API: ${(error as Error).message}`);
      },
    );
    return found;
  };

  async function get<S extends z.ZodMiniType>(
    resource: PlatformResource,
    schema: S,
  ): Promise<z.infer<S> | undefined> {
    const url = `${await baseUrl()}${platformPath(resource)}`;
    let failure = '';
    let lastStatus: number | undefined;
    for (let attempt = 0; attempt <= retries; attempt++) {
      if (attempt > 0) await sleep(random() * backoffMs * 2 ** (attempt - 1));
      let response: HttpAnswer;
      try {
        response = await send(url, {
          method: 'GET',
          headers: { accept: 'application/json' },
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        const timedOut = error instanceof Error && error.name === 'TimeoutError';
        failure = timedOut
          ? `no answer within ${timeoutMs} ms`
          : `request failed: ${(error as Error).message}`;
        continue;
      }
      lastStatus = response.status;
      if (response.status === 404) return undefined;
      if (RETRIABLE_STATUS(response.status)) {
        failure = `HTTP ${response.status}: ${await bodyText(response)}`;
        continue;
      }
      if (!response.ok) {
        throw new PlatformApiError(
          `GET ${url}: HTTP ${response.status}: ${await bodyText(response)}`,
          response.status,
        );
      }
      const parsed = schema.safeParse(await response.json().catch(() => undefined));
      if (!parsed.success) {
        const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`);
        throw new PlatformApiError(
          `GET ${url}: not a ${resource.kind} view: ${problems.join('; ')}`,
          response.status,
        );
      }
      return parsed.data;
    }
    throw new PlatformApiError(`GET ${url}: ${failure} (after ${retries + 1} attempts)`, lastStatus);
  }

  return {
    getUser: (userId) => get({ kind: 'user', userId }, UserViewSchema),
    getEnrolment: (userId, courseId) => get({ kind: 'enrolment', userId, courseId }, EnrolmentViewSchema),
    getPayment: (userId, paymentId) => get({ kind: 'payment', userId, paymentId }, PaymentViewSchema),
  };
}

async function bodyText(response: HttpAnswer): Promise<string> {
  const text = await response.text().catch(() => '');
  return text.slice(0, 200) || response.statusText;
}
