import { Readable } from 'node:stream';
import { type AwsJsonClient, type AwsJsonService, createAwsJsonClient } from './json-protocol';
import { type AwsQueryClient, type AwsQueryService, createAwsQueryClient } from './query-protocol';
import {
  type AwsRestJsonClient,
  type AwsRestJsonService,
  createAwsRestJsonClient,
} from './rest-json-protocol';
import { createS3Objects, type S3Objects } from './s3';
/** What a `recordingFetch` was asked to send. */
export interface SentRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/**
 * A `fetch` for adapter tests: answers each request with the next of `answers` (give AWS's wire responses:
 * status, headers and body as the API sends them), and records what was sent.
 * @example const { fetch, sent } = recordingFetch([awsJsonAnswer(200, { MessageId: 'm-1' })]);
 */
export function recordingFetch(answers: (() => Response | Promise<Response>)[]): {
  fetch: typeof fetch;
  sent: SentRequest[];
} {
  const sent: SentRequest[] = [];
  const fetchFn = (async (input: string | URL | Request, init?: RequestInit) => {
    sent.push({
      url: String(input),
      method: init?.method ?? 'GET',
      headers: Object.fromEntries(new Headers(init?.headers)),
      body: typeof init?.body === 'string' ? init.body : new TextDecoder().decode(init?.body as Uint8Array),
    });
    const answer = answers.shift();
    if (!answer) throw new Error(`recordingFetch: no answer left for ${String(input)}`);
    return answer();
  }) as typeof fetch;
  return { fetch: fetchFn, sent };
}

/** An AWS JSON-protocol answer as on the wire (`x-amzn-requestid`, `application/x-amz-json-1.x`). */
export function awsJsonAnswer(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): () => Response {
  return () =>
    new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'req-1', ...headers },
    });
}

/** AWS's documentation credentials: what the `*Answering` clients sign with. */
const EXAMPLE_CREDENTIALS = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};

/**
 * A JSON-protocol client of `service` (`DYNAMODB`, `SQS`, ...) on its public endpoint for eu-west-2 with AWS's
 * documentation credentials, one attempt per call, its requests answered by `answers` in order (the API's wire
 * responses, e.g. `awsJsonAnswer`) and recorded in `sent`.
 * @example const { client, sent } = awsJsonAnswering(DYNAMODB, awsJsonAnswer(200, { Item: { id: { S: 'a' } } }));
 */
export function awsJsonAnswering(
  service: AwsJsonService,
  ...answers: (() => Response)[]
): { client: AwsJsonClient; sent: SentRequest[] } {
  const { fetch, sent } = recordingFetch(answers);
  return { client: createAwsJsonClient(service, answeringOptions(service, fetch)), sent };
}

/** As `awsJsonAnswering`, for a query-protocol API (`SES`): answer with `awsXmlAnswer`. */
export function awsQueryAnswering(
  service: AwsQueryService,
  ...answers: (() => Response)[]
): { client: AwsQueryClient; sent: SentRequest[] } {
  const { fetch, sent } = recordingFetch(answers);
  return { client: createAwsQueryClient(service, answeringOptions(service, fetch)), sent };
}

/** As `awsJsonAnswering`, for a REST-JSON API (`MEDIACONVERT`). */
export function awsRestJsonAnswering(
  service: AwsRestJsonService,
  ...answers: (() => Response)[]
): { client: AwsRestJsonClient; sent: SentRequest[] } {
  const { fetch, sent } = recordingFetch(answers);
  return { client: createAwsRestJsonClient(service, answeringOptions(service, fetch)), sent };
}

/** eu-west-2's public endpoint of `service`, AWS's documentation credentials, one attempt per call. */
function answeringOptions(service: { readonly endpointPrefix: string }, fetch: typeof globalThis.fetch) {
  return {
    region: 'eu-west-2',
    endpoint: `https://${service.endpointPrefix}.eu-west-2.amazonaws.com`,
    credentials: EXAMPLE_CREDENTIALS,
    fetch,
    retry: { maxAttempts: 1 },
  };
}

/** An AWS XML answer as on the wire (query protocol: SES; `text/xml`, `x-amzn-requestid`). */
export function awsXmlAnswer(status: number, xml: string): () => Response {
  return () =>
    new Response(xml, { status, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': 'req-1' } });
}

/**
 * S3 on AWS's public endpoint for eu-west-2 with AWS's documentation credentials, one attempt per call, its
 * requests answered by `answers` in order (S3's wire responses) and recorded in `sent`.
 */
export function s3Answering(...answers: (() => Response)[]): { s3: S3Objects; sent: SentRequest[] } {
  const { fetch, sent } = recordingFetch(answers);
  const s3 = createS3Objects({
    region: 'eu-west-2',
    endpoint: 'https://s3.eu-west-2.amazonaws.com',
    credentials: EXAMPLE_CREDENTIALS,
    fetch,
    retry: { maxAttempts: 1 },
  });
  return { s3, sent };
}

/**
 * A request handler for an SDK v3 client (`new DynamoDBClient({ requestHandler })`) that records each request the
 * SDK's own serializer made and answers it with the next of `answers`: for tests that compare what an adapter
 * sends with what the SDK's client (or a Powertools utility on it) sends. Give it to the client as its
 * `requestHandler` (a cast: the SDK types its handler by transport).
 */
export function sdkRecordingHandler(...answers: (() => Response)[]): {
  requestHandler: { handle(request: SdkHttpRequest): Promise<{ response: SdkHttpResponse }> };
  sent: SentRequest[];
} {
  const sent: SentRequest[] = [];
  const requestHandler = {
    async handle(request: SdkHttpRequest) {
      const body = typeof request.body === 'string' ? request.body : new TextDecoder().decode(request.body);
      const query = new URLSearchParams(request.query as Record<string, string>).toString();
      sent.push({
        url: `${request.protocol}//${request.hostname}${request.path}${query ? `?${query}` : ''}`,
        method: request.method,
        headers: request.headers,
        body,
      });
      const answer = answers.shift();
      if (!answer)
        throw new Error(`sdkRecordingHandler: no answer left for ${request.method} ${request.path}`);
      const response = answer();
      return {
        response: {
          statusCode: response.status,
          headers: Object.fromEntries(response.headers),
          body: Readable.from([Buffer.from(await response.arrayBuffer())]),
        },
      };
    },
  };
  return { requestHandler, sent };
}

/** What `sdkRecordingHandler` reads of the SDK's request (Smithy's `HttpRequest`). */
interface SdkHttpRequest {
  readonly protocol: string;
  readonly hostname: string;
  readonly method: string;
  readonly path: string;
  readonly query?: Record<string, unknown>;
  readonly headers: Record<string, string>;
  readonly body?: string | Uint8Array;
}

/** What it answers with (Smithy's `HttpResponse`). */
interface SdkHttpResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: Readable;
}
