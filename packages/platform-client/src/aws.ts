import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { Sha256 } from '@smithy/core/checksum';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { createPlatformClient, PlatformClientError, type PlatformClientOptions } from './client';
import type { PlatformApiConfig } from './config';
import type { PlatformReader } from './contract';

export interface SigningFetchOptions {
  readonly region: string;
  /** Default: the Lambda role's credentials (the Node provider chain). */
  readonly credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** The fetch that sends the signed request (default: global fetch). */
  readonly fetch?: typeof fetch;
}

/**
 * A `fetch` that signs each request with SigV4 for service `lambda`, as a function URL with `AWS_IAM` auth
 * requires: pass it to `createPlatformClient`. Signing is the SDK's own `SignatureV4` (Smithy); only the
 * mapping between fetch's request and Smithy's is written here.
 */
export function createSigningFetch(options: SigningFetchOptions): typeof fetch {
  const signer = new SignatureV4({
    service: 'lambda',
    region: options.region,
    credentials: options.credentials ?? defaultProvider(),
    sha256: Sha256,
  });
  const send = options.fetch ?? fetch;
  return async (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const method = init?.method ?? 'GET';
    const headers: Record<string, string> = { host: url.host };
    new Headers(init?.headers).forEach((value, name) => {
      headers[name] = value;
    });
    const signed = await signer.sign({
      method,
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port ? { port: Number(url.port) } : {}),
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers,
    });
    return send(url, { ...init, method, headers: signed.headers });
  };
}

/**
 * The platform API's client in a Lambda function: the URL from its config, each request SigV4-signed with the
 * function role's credentials for its region (`AWS_REGION`, which Lambda always sets).
 * @example platform: createAwsPlatformClient(config) // config parsed with PlatformApiConfigShape
 */
export function createAwsPlatformClient(
  config: PlatformApiConfig,
  options: Omit<PlatformClientOptions, 'baseUrl' | 'fetch'> & Pick<SigningFetchOptions, 'credentials'> = {},
): PlatformReader {
  if (!config.AWS_REGION) {
    throw new PlatformClientError('AWS_REGION is not set: platform API call-backs are signed for a region');
  }
  const { credentials, ...clientOptions } = options;
  return createPlatformClient({
    ...clientOptions,
    baseUrl: config.PLATFORM_API_URL,
    fetch: createSigningFetch({ region: config.AWS_REGION, ...(credentials ? { credentials } : {}) }),
  });
}
