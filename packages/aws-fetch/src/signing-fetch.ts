import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { Sha256 } from '@smithy/core/checksum';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { awsEndpoint, awsRegion } from './aws-call';
import { type HttpFetch, nodeHttpFetch } from './transport';

export type AwsCredentials = AwsCredentialIdentity | AwsCredentialIdentityProvider;

export interface SigningFetchOptions {
  /** The signing name of the service (`lambda`, `events`, `sqs`, `s3`). Default `lambda`. */
  readonly service?: string;
  readonly region: string;
  /** Default: the function role's credentials (the SDK's provider chain; in a Lambda bundle, the environment). */
  readonly credentials?: AwsCredentials;
  /** What sends the signed request (default `nodeHttpFetch`, Node's own HTTP client; global fetch fits too). */
  readonly fetch?: HttpFetch;
}

/**
 * The SDK's own SigV4 signer (Smithy's `SignatureV4`) for `service` in `region`: one per service and region,
 * shared by the signing fetch and S3's presigned URLs.
 */
export function createSigner(
  options: Pick<SigningFetchOptions, 'service' | 'region' | 'credentials'> & {
    /** S3 signs the path as sent (no second URI encoding); every other service encodes it again. */
    readonly uriEscapePath?: boolean;
    /** Whether to send the payload's hash as `x-amz-content-sha256` (S3 requires it). Default true. */
    readonly applyChecksum?: boolean;
  },
): SignatureV4 {
  return new SignatureV4({
    service: options.service ?? 'lambda',
    region: options.region,
    credentials: options.credentials ?? defaultProvider(),
    sha256: Sha256,
    uriEscapePath: options.uriEscapePath ?? true,
    applyChecksum: options.applyChecksum ?? true,
  });
}

/**
 * A `fetch` that signs each request with SigV4 for `service` in `region` (the body, a string or bytes, is part
 * of the signature): an IAM-authenticated function URL (`lambda`), or an AWS API called without its SDK client
 * (`createAwsJsonClient`, `createS3Objects`). Signing is the SDK's own `SignatureV4`; only the mapping between
 * fetch's request and Smithy's is written here.
 */
export function createSigningFetch(options: SigningFetchOptions): HttpFetch {
  const service = options.service ?? 'lambda';
  const signer = createSigner({ ...options, service, uriEscapePath: service !== 's3' });
  const send = options.fetch ?? nodeHttpFetch;
  return async (input, init = {}) => {
    const url = new URL(input);
    const method = init.method ?? 'GET';
    const headers: Record<string, string> = { host: url.host };
    for (const [name, value] of Object.entries(init.headers ?? {})) headers[name.toLowerCase()] = value;
    const body = init.body;
    const signed = await signer.sign({
      method,
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port ? { port: Number(url.port) } : {}),
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers,
      body,
    });
    return send(url, { ...init, method, headers: signed.headers });
  };
}

/** Where a service's calls go and how they are signed (every protocol's client takes these options). */
export interface ServiceCallOptions {
  /** Default: `AWS_REGION`, as the SDK's clients read it (Lambda sets it), looked up at the first call. */
  readonly region?: string;
  readonly credentials?: AwsCredentials;
  /** Default: `awsEndpoint` (the `AWS_ENDPOINT_URL*` variables, else the region's public endpoint). */
  readonly endpoint?: string;
  /** What sends each signed request (default `nodeHttpFetch`; tests give a `recordingFetch`). */
  readonly fetch?: HttpFetch;
}

/**
 * A service's endpoint and signing fetch, set up at the first call rather than when the client is built, so a
 * client can be built before the region is known (as the SDK's clients resolve theirs on their first send).
 */
export function serviceTarget(
  service: { readonly signingName: string; readonly endpointPrefix: string; readonly envName: string },
  options: ServiceCallOptions,
): () => { readonly endpoint: string; readonly send: HttpFetch } {
  let target: { readonly endpoint: string; readonly send: HttpFetch } | undefined;
  return () => {
    if (target) return target;
    const region = awsRegion(options.region);
    target = {
      endpoint: options.endpoint ?? awsEndpoint(service, region),
      send: createSigningFetch({
        service: service.signingName,
        region,
        ...(options.credentials ? { credentials: options.credentials } : {}),
        ...(options.fetch ? { fetch: options.fetch } : {}),
      }),
    };
    return target;
  };
}
