import { AwsServiceError, type SendOptions, sendWithRetries } from './aws-call';
import { type ServiceCallOptions, serviceTarget } from './signing-fetch';
import type { HttpAnswer } from './transport';

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

/** Amazon DynamoDB (`awsJson1_0`): items in its JSON (`{ "S": "..." }`), marshalled by the caller. */
export const DYNAMODB: AwsJsonService = {
  signingName: 'dynamodb',
  endpointPrefix: 'dynamodb',
  envName: 'DYNAMODB',
  targetPrefix: 'DynamoDB_20120810',
  jsonVersion: '1.0',
};

/** Amazon Secrets Manager (`awsJson1_1`). */
export const SECRETS_MANAGER: AwsJsonService = {
  signingName: 'secretsmanager',
  endpointPrefix: 'secretsmanager',
  envName: 'SECRETS_MANAGER',
  targetPrefix: 'secretsmanager',
  jsonVersion: '1.1',
};

/** Amazon Transcribe (`awsJson1_1`). */
export const TRANSCRIBE: AwsJsonService = {
  signingName: 'transcribe',
  endpointPrefix: 'transcribe',
  envName: 'TRANSCRIBE',
  targetPrefix: 'Transcribe',
  jsonVersion: '1.1',
};

/** Every protocol's client options: where and how to sign (`ServiceCallOptions`), and how to retry. */
export interface AwsJsonClientOptions extends ServiceCallOptions, SendOptions {}

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
  const target = serviceTarget(service, options);
  return {
    async call<Output>(operation: string, input: object) {
      const { endpoint, send } = target();
      return sendWithRetries(
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
      );
    },
  };
}

/** A JSON error answer (JSON and REST-JSON protocols) as an `AwsServiceError`. */
export function jsonError(response: HttpAnswer, text: string): AwsServiceError {
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
      body = parsed as Record<string, unknown>;
  } catch {
    // Not JSON (a proxy's or load balancer's page): the status speaks.
  }
  const { __type, code, message, Message, ...details } = body;
  const raw =
    response.headers.get('x-amzn-errortype') ??
    (typeof __type === 'string' ? __type : typeof code === 'string' ? code : undefined);
  const said = message ?? Message;
  return new AwsServiceError({
    // `com.amazonaws.sqs#QueueDoesNotExist`, `ThrottlingException:http://internal.amazon.com/...`
    code: raw?.split(':')[0]?.split('#').pop() || `HTTP${response.status}`,
    message: typeof said === 'string' ? said : text.slice(0, 200) || response.statusText,
    status: response.status,
    details,
    ...(response.headers.get('x-amzn-requestid')
      ? { requestId: response.headers.get('x-amzn-requestid') ?? '' }
      : {}),
  });
}
