import { AwsServiceError, awsEndpoint, type SendOptions, sendWithRetries } from './aws-call';
import { type AwsCredentials, createSigningFetch } from './signing-fetch';
import type { HttpAnswer, HttpFetch } from './transport';

/** An AWS API spoken in the AWS JSON protocol: `POST /` with `X-Amz-Target: <targetPrefix>.<Operation>`. */
export interface AwsJsonService {
  /** SigV4 signing name. */
  readonly signingName: string;
  /** The host's first label (`events` in `events.eu-west-2.amazonaws.com`). */
  readonly endpointPrefix: string;
  /** The suffix of its `AWS_ENDPOINT_URL_<envName>` variable. */
  readonly envName: string;
  readonly targetPrefix: string;
  readonly jsonVersion: '1.0' | '1.1';
}

/** Amazon EventBridge (`awsJson1_1`). */
export const EVENTBRIDGE: AwsJsonService = {
  signingName: 'events',
  endpointPrefix: 'events',
  envName: 'EVENTBRIDGE',
  targetPrefix: 'AWSEvents',
  jsonVersion: '1.1',
};

/** Amazon SQS (`awsJson1_0`, the SDK's protocol since 2023). */
export const SQS: AwsJsonService = {
  signingName: 'sqs',
  endpointPrefix: 'sqs',
  envName: 'SQS',
  targetPrefix: 'AmazonSQS',
  jsonVersion: '1.0',
};

export interface AwsJsonClientOptions extends SendOptions {
  readonly region: string;
  readonly credentials?: AwsCredentials;
  /** Default: `awsEndpoint` (the `AWS_ENDPOINT_URL*` variables, else the region's public endpoint). */
  readonly endpoint?: string;
  /** What sends each signed request (default `nodeHttpFetch`; tests give a `recordingFetch`). */
  readonly fetch?: HttpFetch;
}

/** Calls one JSON-protocol API: the operation's input as AWS documents it, its output as AWS answers it. */
export interface AwsJsonClient {
  call<Output = Record<string, unknown>>(operation: string, input: object): Promise<Output>;
}

/**
 * A client of an AWS JSON-protocol API in a few hundred bytes: each call is one signed `fetch`, retried like the
 * SDK's standard mode (`sendWithRetries`). An error answer becomes an `AwsServiceError` named by its code
 * (`x-amzn-errortype` or the body's `__type`, without its namespace). Used on hot paths instead of the SDK's
 * client, whose protocol, middleware and endpoint-rule code is most of a Lambda bundle (see BENCHMARKS.md,
 * cold starts); the input and output are the API's JSON as documented, without the SDK's types.
 * @example await createAwsJsonClient(EVENTBRIDGE, { region }).call('PutEvents', { Entries })
 */
export function createAwsJsonClient(service: AwsJsonService, options: AwsJsonClientOptions): AwsJsonClient {
  const endpoint = options.endpoint ?? awsEndpoint(service, options.region);
  const send = createSigningFetch({
    service: service.signingName,
    region: options.region,
    ...(options.credentials ? { credentials: options.credentials } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  return {
    call: <Output>(operation: string, input: object) =>
      sendWithRetries(
        `${service.targetPrefix}.${operation}`,
        async (signal) => {
          const response = await send(`${endpoint}/`, {
            method: 'POST',
            headers: {
              'content-type': `application/x-amz-json-${service.jsonVersion}`,
              'x-amz-target': `${service.targetPrefix}.${operation}`,
            },
            body: JSON.stringify(input),
            signal,
          });
          const text = await response.text();
          if (!response.ok) throw jsonError(response, text);
          return (text ? JSON.parse(text) : {}) as Output;
        },
        options,
      ),
  };
}

function jsonError(response: HttpAnswer, text: string): AwsServiceError {
  let body: { __type?: unknown; code?: unknown; message?: unknown; Message?: unknown } = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    // Not JSON (a proxy's or load balancer's page): the status speaks.
  }
  const raw =
    response.headers.get('x-amzn-errortype') ??
    (typeof body.__type === 'string' ? body.__type : typeof body.code === 'string' ? body.code : undefined);
  // `com.amazonaws.sqs#QueueDoesNotExist`, `ThrottlingException:http://internal.amazon.com/...`
  const code = raw?.split(':')[0]?.split('#').pop() || `HTTP${response.status}`;
  const message = body.message ?? body.Message;
  return new AwsServiceError({
    code,
    message: typeof message === 'string' ? message : text.slice(0, 200) || response.statusText,
    status: response.status,
    ...(response.headers.get('x-amzn-requestid')
      ? { requestId: response.headers.get('x-amzn-requestid') ?? '' }
      : {}),
  });
}
