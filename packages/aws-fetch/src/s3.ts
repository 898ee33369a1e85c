import { awsEndpoint, encodeRfc3986, type SendOptions, sendWithRetries } from './aws-call';
import { type AwsCredentials, createSigner, createSigningFetch } from './signing-fetch';
import type { HttpFetch } from './transport';
import { xmlError } from './xml';

const S3 = { endpointPrefix: 's3', envName: 'S3' };

export interface S3ObjectsOptions extends SendOptions {
  readonly region: string;
  readonly credentials?: AwsCredentials;
  /** Default: `awsEndpoint` (`AWS_ENDPOINT_URL_S3` / `AWS_ENDPOINT_URL`, else the region's). */
  readonly endpoint?: string;
  /** What sends each signed request (default `nodeHttpFetch`; tests give a `recordingFetch`). */
  readonly fetch?: HttpFetch;
}

/** The S3 object operations the services use. */
export interface S3Objects {
  /** PutObject. */
  put(bucket: string, key: string, body: Uint8Array | string, contentType: string): Promise<void>;
  /** GetObject: the object's bytes, or undefined when S3 answers 404 (`NoSuchKey`). */
  get(bucket: string, key: string): Promise<Uint8Array | undefined>;
  /** HeadObject: whether the object exists (404 is false; a 403 without `s3:ListBucket` is thrown). */
  exists(bucket: string, key: string): Promise<boolean>;
  /** A presigned GetObject URL, valid for `expiresInSeconds` (as `getSignedUrl` of the SDK's presigner). */
  presignGet(bucket: string, key: string, expiresInSeconds: number, signingDate?: Date): Promise<string>;
}

/**
 * S3's PutObject, GetObject, HeadObject and presigned GetObject without the SDK's S3 client (whose REST-XML protocol, checksums and
 * endpoint rules are ~170 KB of a bundle): signed with the SDK's own `SignatureV4` as its presigner signs
 * (`uriEscapePath: false`, `UNSIGNED-PAYLOAD` for presigned URLs), retried like its standard mode. Buckets are
 * addressed virtual-hosted (`<bucket>.s3.<region>.amazonaws.com`) when their name allows it, else (dots in the
 * name, or a configured endpoint such as a local stand-in) path-style, as the SDK does.
 */
export function createS3Objects(options: S3ObjectsOptions): S3Objects {
  const configured = options.endpoint ?? (awsEndpoint(S3, options.region) || undefined);
  const isDefault = configured === `https://s3.${options.region}.amazonaws.com`;
  const credentials = options.credentials ? { credentials: options.credentials } : {};
  const send = createSigningFetch({
    service: 's3',
    region: options.region,
    ...credentials,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const presigner = createSigner({
    service: 's3',
    region: options.region,
    ...credentials,
    uriEscapePath: false,
    applyChecksum: false,
  });

  const objectUrl = (bucket: string, key: string, operation: string): URL => {
    const path = key.split('/').map(encodeRfc3986).join('/');
    const url =
      isDefault && /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(bucket)
        ? new URL(`https://${bucket}.s3.${options.region}.amazonaws.com/${path}`)
        : new URL(`${configured}/${bucket}/${path}`);
    url.searchParams.set('x-id', operation);
    return url;
  };

  return {
    async put(bucket, key, body, contentType) {
      const url = objectUrl(bucket, key, 'PutObject');
      await sendWithRetries(
        `S3 PutObject s3://${bucket}/${key}`,
        async (signal) => {
          const response = await send(url, {
            method: 'PUT',
            headers: { 'content-type': contentType },
            body,
            signal,
          });
          const text = await response.text();
          if (!response.ok) throw xmlError(response, text);
        },
        options,
      );
    },

    async get(bucket, key) {
      const url = objectUrl(bucket, key, 'GetObject');
      return sendWithRetries(
        `S3 GetObject s3://${bucket}/${key}`,
        async (signal) => {
          const response = await send(url, { method: 'GET', signal });
          if (response.ok) return new Uint8Array(await response.arrayBuffer());
          const error = xmlError(response, await response.text());
          if (error.name === 'NoSuchKey') return undefined;
          throw error;
        },
        options,
      );
    },

    async exists(bucket, key) {
      const url = objectUrl(bucket, key, 'HeadObject');
      return sendWithRetries(
        `S3 HeadObject s3://${bucket}/${key}`,
        async (signal) => {
          const response = await send(url, { method: 'HEAD', signal });
          await response.arrayBuffer();
          if (response.ok) return true;
          // A HEAD answer has no body: the status is the error (404 NotFound, as the SDK names it).
          if (response.status === 404) return false;
          throw xmlError(response, '');
        },
        options,
      );
    },

    async presignGet(bucket, key, expiresInSeconds, signingDate) {
      const url = objectUrl(bucket, key, 'GetObject');
      const signed = await presigner.presign(
        {
          method: 'GET',
          protocol: url.protocol,
          hostname: url.hostname,
          ...(url.port ? { port: Number(url.port) } : {}),
          path: url.pathname,
          query: Object.fromEntries(url.searchParams),
          headers: { host: url.host, 'X-Amz-Content-Sha256': 'UNSIGNED-PAYLOAD' },
        },
        {
          expiresIn: expiresInSeconds,
          unsignableHeaders: new Set(['content-type']),
          ...(signingDate ? { signingDate } : {}),
        },
      );
      // As the SDK's formatUrl writes it: names sorted, names and values RFC 3986-encoded.
      const query = Object.entries(signed.query ?? {})
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .flatMap(([name, value]) =>
          (Array.isArray(value) ? value : [value]).map(
            (one) => `${encodeRfc3986(name)}=${encodeRfc3986(String(one))}`,
          ),
        );
      return `${url.origin}${url.pathname}?${query.join('&')}`;
    },
  };
}
