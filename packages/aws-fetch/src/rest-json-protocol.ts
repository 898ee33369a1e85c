import { sendWithRetries } from './aws-call';
import { type AwsJsonClientOptions, jsonError } from './json-protocol';
import { serviceTarget } from './signing-fetch';

/** An AWS API spoken in the REST-JSON protocol: an HTTP method and path per operation, JSON bodies. */
export interface AwsRestJsonService {
  /** SigV4 signing name. */
  readonly signingName: string;
  /** The host's first label (`mediaconvert` in `mediaconvert.eu-west-2.amazonaws.com`). */
  readonly endpointPrefix: string;
  /** The suffix of its `AWS_ENDPOINT_URL_<envName>` variable. */
  readonly envName: string;
}

/** AWS Elemental MediaConvert (`restJson1`, API 2017-08-29), on its regional endpoint. */
export const MEDIACONVERT: AwsRestJsonService = {
  signingName: 'mediaconvert',
  endpointPrefix: 'mediaconvert',
  envName: 'MEDIACONVERT',
};

/** Calls one REST-JSON API: the operation's method and path, its body as the API's wire JSON. */
export interface AwsRestJsonClient {
  /**
   * `body` is the request's JSON as sent on the wire, i.e. with the API's JSON member names (MediaConvert's
   * are lower camel case: `{ "role": ..., "settings": ... }`), not the SDK's input member names.
   */
  call<Output = Record<string, unknown>>(method: string, path: string, body?: object): Promise<Output>;
}

/**
 * A client of an AWS REST-JSON API: each call one signed request, retried like the SDK's standard mode; an error
 * answer becomes an `AwsServiceError` named by `x-amzn-errortype` (or the body's `__type`).
 * @example await createAwsRestJsonClient(MEDIACONVERT, {}).call('POST', '/2017-08-29/jobs', { role, settings })
 */
export function createAwsRestJsonClient(
  service: AwsRestJsonService,
  options: AwsJsonClientOptions,
): AwsRestJsonClient {
  const target = serviceTarget(service, options);
  return {
    async call<Output>(method: string, path: string, body?: object) {
      const { endpoint, send } = target();
      return sendWithRetries(
        `${service.signingName} ${method} ${path}`,
        async (signal) => {
          const response = await send(`${endpoint}${path}`, {
            method,
            ...(body === undefined
              ? {}
              : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
            signal,
          });
          const text = await response.text();
          if (!response.ok) throw jsonError(response, text);
          return (text ? JSON.parse(text) : {}) as Output;
        },
        options,
      );
    },
  };
}
