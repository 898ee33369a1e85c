import { createSigningFetch, type HttpFetch, type SigningFetchOptions } from '@sfe/aws-fetch';
import { createPlatformClient, PlatformClientError, type PlatformClientOptions } from './client';
import type { PlatformApiConfig } from './config';
import type { PlatformReader } from './contract';

/** The signing `fetch` (service `lambda` by default), for other callers of an IAM-authenticated function URL. */
export { createSigningFetch, type SigningFetchOptions };

/**
 * The platform API's client in a Lambda function: each request SigV4-signed with the function role's
 * credentials for its region (`AWS_REGION`, which Lambda always sets), to `PLATFORM_API_URL` when given, else to
 * the function URL of `PLATFORM_API_FUNCTION_NAME` (set by `bindPlatformApi`), looked up on the first call
 * (so the consumer's stack reads nothing of the API's, and deploys before or after it).
 * @example platform: createAwsPlatformClient(config) // config parsed with PlatformApiConfigShape
 */
export function createAwsPlatformClient(
  config: PlatformApiConfig,
  options: Omit<PlatformClientOptions, 'baseUrl' | 'fetch'> &
    Pick<SigningFetchOptions, 'credentials'> & {
      /** Lambda's API (default `https://lambda.<region>.amazonaws.com`), where the URL is looked up. */
      readonly lambdaEndpoint?: string;
    } = {},
): PlatformReader {
  const region = config.AWS_REGION;
  if (!region) {
    throw new PlatformClientError('AWS_REGION is not set: platform API call-backs are signed for a region');
  }
  const functionName = config.PLATFORM_API_FUNCTION_NAME;
  if (!config.PLATFORM_API_URL && !functionName) {
    throw new PlatformClientError(
      'neither PLATFORM_API_URL nor PLATFORM_API_FUNCTION_NAME is set: bindPlatformApi sets the function name',
    );
  }
  const { credentials, lambdaEndpoint, ...clientOptions } = options;
  const signed = createSigningFetch({ region, ...(credentials ? { credentials } : {}) });
  const endpoint = lambdaEndpoint ?? `https://lambda.${region}.amazonaws.com`;
  return createPlatformClient({
    ...clientOptions,
    baseUrl:
      config.PLATFORM_API_URL ?? (() => lookUpFunctionUrl(functionName ?? '', { endpoint, fetch: signed })),
    fetch: signed,
  });
}

/**
 * A function's URL, from Lambda's GetFunctionUrlConfig (`GET /2021-10-31/functions/<name>/url`), signed like
 * the call-backs. Written here, one GET with the signer this package already uses, rather than with the SDK's
 * Lambda client, which would add its protocol code to every consumer's bundle for one call per cold start.
 */
export async function lookUpFunctionUrl(
  functionName: string,
  options: { readonly endpoint: string; readonly fetch: HttpFetch; readonly timeoutMs?: number },
): Promise<string> {
  const path = `/2021-10-31/functions/${encodeURIComponent(functionName)}/url`;
  const response = await options.fetch(`${options.endpoint.replace(/\/+$/, '')}${path}`, {
    method: 'GET',
    headers: { accept: 'application/json' },
    signal: AbortSignal.timeout(options.timeoutMs ?? 2000),
  });
  const body = (await response.json().catch(() => undefined)) as
    | { FunctionUrl?: unknown; Message?: unknown; message?: unknown }
    | undefined;
  if (!response.ok) {
    const message = body?.Message ?? body?.message;
    throw new PlatformClientError(
      `GetFunctionUrlConfig of ${functionName}: HTTP ${response.status}${typeof message === 'string' ? ` ${message}` : ''}`,
    );
  }
  if (typeof body?.FunctionUrl !== 'string') {
    throw new PlatformClientError(`GetFunctionUrlConfig of ${functionName}: the answer has no FunctionUrl`);
  }
  return body.FunctionUrl;
}
