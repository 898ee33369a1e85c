/**
 * What the SDK's clients do around each request, for the calls this package makes without them: where a service
 * is (`awsEndpoint`), when a failure is worth another attempt and how long to wait (`sendWithRetries`), and an
 * AWS error as an `Error` named by its code (`AwsServiceError`).
 */

/** How the calls of this package retry: the SDK's "standard" mode, with a timeout per attempt added. */
export interface RetryPolicy {
  /** Attempts in all, the first included (SDK default 3). */
  readonly maxAttempts: number;
  /** Full-jitter exponential backoff: attempt n waits random() * min(maxDelayMs, baseDelayMs * 2^n). */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /**
   * One attempt's limit, connection to last byte. The SDK has none by default (a call can hang until the
   * function times out); here a hung attempt is abandoned and retried.
   */
  readonly attemptTimeoutMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 3,
  baseDelayMs: 100,
  maxDelayMs: 20_000,
  attemptTimeoutMs: 10_000,
};

/** Error codes the SDK retries as throttling or transient (`@smithy/service-error-classification`). */
const RETRYABLE_CODES = new Set([
  'BandwidthLimitExceeded',
  'EC2ThrottledException',
  'LimitExceededException',
  'PriorRequestNotComplete',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'RequestTimeout',
  'RequestTimeoutException',
  'SlowDown',
  'ThrottledException',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'TransactionInProgressException',
  'InternalError',
  'InternalFailure',
  'ServiceUnavailable',
]);

/** An AWS API's error answer: `name` is its code (`ThrottlingException`, `NoSuchBucket`). */
export class AwsServiceError extends Error {
  readonly status: number;
  readonly requestId: string | undefined;
  readonly retryable: boolean;
  /**
   * The error answer's other members, as the SDK sets them on its exception: DynamoDB's `Item` on a
   * `ConditionalCheckFailedException` (with `ReturnValuesOnConditionCheckFailure: ALL_OLD`), its
   * `CancellationReasons` on a `TransactionCanceledException`. Empty when the answer had none.
   */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(options: {
    readonly code: string;
    readonly message: string;
    readonly status: number;
    readonly requestId?: string;
    readonly details?: Readonly<Record<string, unknown>>;
  }) {
    super(`${options.code} (HTTP ${options.status}): ${options.message}`);
    this.name = options.code;
    this.status = options.status;
    this.requestId = options.requestId;
    this.details = options.details ?? {};
    this.retryable = options.status >= 500 || options.status === 429 || RETRYABLE_CODES.has(options.code);
  }
}

/** A call that failed every attempt: the last failure is the cause. */
export class AwsCallFailedError extends Error {
  override name = 'AwsCallFailedError';
}

/**
 * Where a service's API is: `AWS_ENDPOINT_URL_<SERVICE>` or `AWS_ENDPOINT_URL` when set (as the SDK honours
 * them, e.g. for a local stand-in), else the region's public endpoint. Only the `aws` partition's
 * `amazonaws.com` endpoints are built (no China or GovCloud regions, no FIPS or dual-stack).
 */
export function awsEndpoint(
  service: { readonly endpointPrefix: string; readonly envName: string },
  region: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string {
  const configured =
    env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS === 'true'
      ? undefined
      : (env[`AWS_ENDPOINT_URL_${service.envName}`] ?? env.AWS_ENDPOINT_URL);
  return (configured ?? `https://${service.endpointPrefix}.${region}.amazonaws.com`).replace(/\/+$/, '');
}

/**
 * The region to call: the one given, else `AWS_REGION` as the SDK's clients read it (Lambda always sets it);
 * a clear error when there is none.
 */
export function awsRegion(
  region: string | undefined,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string {
  const resolved = region ?? env.AWS_REGION;
  if (!resolved) throw new Error('no AWS region: pass `region`, or set AWS_REGION (Lambda sets it)');
  return resolved;
}

export interface SendOptions {
  readonly retry?: Partial<RetryPolicy>;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `attempt` (given an abort signal that fires at the attempt's timeout) until it resolves, retrying
 * network failures, timeouts and retryable `AwsServiceError`s with backoff; a non-retryable error is thrown
 * as it is, the last retryable one inside an `AwsCallFailedError` naming `what` and the attempts.
 */
export async function sendWithRetries<T>(
  what: string,
  attempt: (signal: AbortSignal) => Promise<T>,
  options: SendOptions = {},
): Promise<T> {
  const policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  let last: unknown;
  for (let n = 0; n < policy.maxAttempts; n++) {
    if (n > 0) await sleep(random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** n));
    try {
      return await attempt(AbortSignal.timeout(policy.attemptTimeoutMs));
    } catch (error) {
      if (error instanceof AwsServiceError && !error.retryable) throw error;
      last = error;
    }
  }
  const reason = last instanceof Error ? `${last.name}: ${last.message}` : String(last);
  throw new AwsCallFailedError(`${what} failed after ${policy.maxAttempts} attempts: ${reason}`, {
    cause: last,
  });
}

/** RFC 3986: `encodeURIComponent` plus `!'()*`, as the SDK encodes S3 key segments, query strings and query-protocol fields. */
export function encodeRfc3986(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
