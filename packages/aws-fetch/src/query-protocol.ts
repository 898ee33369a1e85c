import { encodeRfc3986, sendWithRetries } from './aws-call';
import type { AwsJsonClientOptions } from './json-protocol';
import { serviceTarget } from './signing-fetch';
import { xmlError } from './xml';

/** An AWS API spoken in the AWS query protocol: `POST /` with a form body (`Action=...&Version=...`), XML answers. */
export interface AwsQueryService {
  /** SigV4 signing name. */
  readonly signingName: string;
  /** The host's first label (`email` in `email.eu-west-2.amazonaws.com`). */
  readonly endpointPrefix: string;
  /** The suffix of its `AWS_ENDPOINT_URL_<envName>` variable. */
  readonly envName: string;
  /** The API version every request names. */
  readonly version: string;
}

/** Amazon SES, API v1 (`awsQuery`, 2010-12-01). */
export const SES: AwsQueryService = {
  signingName: 'ses',
  endpointPrefix: 'email',
  envName: 'SES',
  version: '2010-12-01',
};

/** Calls one query-protocol API: the action's parameters flattened as AWS documents them, its XML answer as text. */
export interface AwsQueryClient {
  /**
   * `params` are the request's form fields as the API reference lists them, lists and structures already
   * flattened (`Destinations.member.1`, `RawMessage.Data`); read the answer with `xmlElement`.
   */
  call(action: string, params: Readonly<Record<string, string | undefined>>): Promise<string>;
}

/**
 * A client of an AWS query-protocol API (SES v1): each call one signed form POST, retried like the SDK's standard
 * mode; an error answer (`<ErrorResponse>`) becomes an `AwsServiceError` named by its `Code`. Fields whose value is
 * undefined are left out, as the SDK leaves out unset members.
 * @example xmlElement(await createAwsQueryClient(SES, {}).call('SendRawEmail', { ... }), 'MessageId')
 */
export function createAwsQueryClient(
  service: AwsQueryService,
  options: AwsJsonClientOptions,
): AwsQueryClient {
  const target = serviceTarget(service, options);
  return {
    async call(action, params) {
      const { endpoint, send } = target();
      const fields = { Action: action, Version: service.version, ...params };
      // As the SDK writes a query body: each name and value RFC 3986-encoded, `&`-joined.
      const body = Object.entries(fields)
        .filter((field): field is [string, string] => field[1] !== undefined)
        .map(([name, value]) => `${encodeRfc3986(name)}=${encodeRfc3986(value)}`)
        .join('&');
      return sendWithRetries(
        `${service.signingName} ${action}`,
        async (signal) => {
          const response = await send(`${endpoint}/`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body,
            signal,
          });
          const text = await response.text();
          if (!response.ok) throw xmlError(response, text);
          return text;
        },
        options,
      );
    },
  };
}
