import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One AWS API call the stand-in answered, as `service:Operation` (`ses:SendRawEmail`, `s3:PutObject`). */
export type AwsCall = `${string}:${string}`;

/** A local HTTP server that answers the AWS calls our functions make, as AWS would (success shapes only). */
export interface AwsStandIn {
  /** `http://127.0.0.1:<port>`, for `AWS_ENDPOINT_URL` (an IP address, so S3 uses path-style requests). */
  readonly url: string;
  /** Every call answered, in order. */
  readonly calls: AwsCall[];
  /**
   * When true, a conditional `PutItem` (an idempotency record being taken) fails as DynamoDB fails it for an
   * id already handled: `ConditionalCheckFailedException` with the old item, status `COMPLETED`. The record
   * is then a duplicate delivery, which Powertools skips.
   */
  alreadyHandled: boolean;
  /** What `GetItem` finds (any key), as a plain object of strings and numbers; nothing when undefined. */
  storedItem: Readonly<Record<string, string | number>> | undefined;
  close(): Promise<void>;
}

/**
 * Starts the stand-in. Hand-written rather than a mock library because the functions under test are the built
 * bundles in child processes: they reach it over HTTP through `AWS_ENDPOINT_URL`, like the real endpoints.
 * It speaks each protocol the SDK uses: JSON (`X-Amz-Target`: DynamoDB, EventBridge, SQS, Secrets Manager,
 * Transcribe), query (SES, `Action=` form bodies, XML answers), REST-XML (S3) and REST-JSON (MediaConvert).
 * Credentials and signatures are accepted unchecked. Reads find nothing (DynamoDB `GetItem` returns no item
 * unless `storedItem` is set, S3 `GetObject` is `NoSuchKey`), so each record takes its first-time path.
 */
export async function startAwsStandIn(): Promise<AwsStandIn> {
  const calls: AwsCall[] = [];
  const standIn: Pick<AwsStandIn, 'alreadyHandled' | 'storedItem'> = {
    alreadyHandled: false,
    storedItem: undefined,
  };
  const server = createServer((request, response) => {
    readBody(request)
      .then((body) => answer(request, body, response, calls, standIn))
      .catch((error: unknown) => {
        response.writeHead(500, { 'content-type': 'text/plain' });
        response.end(error instanceof Error ? error.message : String(error));
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(standIn, {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  });
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function answer(
  request: IncomingMessage,
  body: string,
  response: ServerResponse,
  calls: AwsCall[],
  state: Pick<AwsStandIn, 'alreadyHandled' | 'storedItem'>,
): ServerResponse {
  const target = request.headers['x-amz-target'];
  if (typeof target === 'string') {
    const [prefix = '', operation = ''] = target.split('.');
    const service = JSON_SERVICES[prefix];
    if (!service) return sendJson(response, 400, { __type: 'UnknownOperationException', message: target });
    calls.push(`${service.name}:${operation}`);
    const input = parseJson(body);
    if (state.alreadyHandled && operation === 'PutItem' && input.ConditionExpression) {
      return sendJson(response, 400, conditionalCheckFailed(input));
    }
    if (operation === 'GetItem' && state.storedItem) {
      return sendJson(response, 200, { Item: marshal(state.storedItem) });
    }
    return sendJson(response, 200, service.answer(operation, input));
  }
  const action = new URLSearchParams(body).get('Action');
  if (request.method === 'POST' && action) {
    calls.push(`ses:${action}`);
    return sendXml(response, 200, queryAnswer(action));
  }
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  // The platform API's function URL (consumers' call-backs, `PLATFORM_API_URL` in the checks): a learner, always active.
  const user = /^\/users\/([^/]+)$/.exec(path);
  if (request.method === 'GET' && user?.[1]) {
    calls.push('lambda:InvokeFunctionUrl');
    const userId = decodeURIComponent(user[1]);
    return sendJson(response, 200, {
      userId,
      email: `${userId}@example.com`,
      name: 'Stand-in Learner',
      status: 'active',
      createdAt: '2026-11-01T09:00:00.000Z',
    });
  }
  if (path.startsWith('/2017-08-29/')) {
    calls.push(`mediaconvert:${request.method === 'POST' && path.endsWith('/jobs') ? 'CreateJob' : path}`);
    return sendJson(response, 201, {
      job: { id: `${Date.now()}-${randomUUID().slice(0, 6)}`, status: 'SUBMITTED' },
    });
  }
  return answerS3(request, path, response, calls);
}

function parseJson(body: string): Record<string, unknown> {
  return body ? (JSON.parse(body) as Record<string, unknown>) : {};
}

interface JsonService {
  readonly name: string;
  answer(operation: string, input: Record<string, unknown>): unknown;
}

const JSON_SERVICES: Readonly<Record<string, JsonService>> = {
  DynamoDB_20120810: {
    name: 'dynamodb',
    answer: (operation) =>
      ({
        Query: { Items: [], Count: 0, ScannedCount: 0 },
        BatchWriteItem: { UnprocessedItems: {} },
        BatchGetItem: { Responses: {}, UnprocessedKeys: {} },
        UpdateItem: { Attributes: {} },
      })[operation] ?? {},
  },
  AWSEvents: {
    name: 'events',
    answer: (_operation, input) => ({
      FailedEntryCount: 0,
      Entries: (Array.isArray(input.Entries) ? input.Entries : []).map(() => ({ EventId: randomUUID() })),
    }),
  },
  AmazonSQS: {
    name: 'sqs',
    answer: () => ({ MessageId: randomUUID(), MD5OfMessageBody: '' }),
  },
  secretsmanager: {
    name: 'secretsmanager',
    answer: (_operation, input) => ({
      ARN: `arn:aws:secretsmanager:eu-west-2:111122223333:secret:${String(input.SecretId)}`,
      Name: String(input.SecretId),
      VersionId: randomUUID(),
      SecretString: JSON.stringify({ slackBotToken: 'xoxb-stand-in', telegramBotToken: '123456:stand-in' }),
      VersionStages: ['AWSCURRENT'],
      CreatedDate: Date.now() / 1000,
    }),
  },
  Transcribe: {
    name: 'transcribe',
    answer: (_operation, input) => ({
      TranscriptionJob: {
        TranscriptionJobName: input.TranscriptionJobName,
        TranscriptionJobStatus: 'IN_PROGRESS',
        LanguageCode: input.LanguageCode,
      },
    }),
  },
};

function marshal(item: Readonly<Record<string, string | number>>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(item).map(([name, value]) => [
      name,
      typeof value === 'number' ? { N: String(value) } : { S: value },
    ]),
  );
}

/** DynamoDB's answer to a conditional put on an idempotency record that exists and is complete. */
function conditionalCheckFailed(input: Record<string, unknown>): unknown {
  const item = (input.Item ?? {}) as Record<string, unknown>;
  return {
    __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException',
    message: 'The conditional request failed',
    Item: {
      ...item,
      status: { S: 'COMPLETED' },
      expiration: { N: String(Math.floor(Date.now() / 1000) + 3600) },
    },
  };
}

function queryAnswer(action: string): string {
  const result = action === 'SendRawEmail' ? `<MessageId>${randomUUID()}</MessageId>` : '';
  return (
    `<${action}Response xmlns="http://ses.amazonaws.com/doc/2010-12-01/">` +
    `<${action}Result>${result}</${action}Result>` +
    `<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></${action}Response>`
  );
}

function answerS3(
  request: IncomingMessage,
  path: string,
  response: ServerResponse,
  calls: AwsCall[],
): ServerResponse {
  switch (request.method) {
    case 'PUT':
      calls.push('s3:PutObject');
      response.writeHead(200, { etag: `"${randomUUID().replaceAll('-', '')}"` });
      return response.end();
    case 'GET':
    case 'HEAD':
      calls.push(request.method === 'GET' ? 's3:GetObject' : 's3:HeadObject');
      return sendXml(
        response,
        404,
        `<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>${path}</Key></Error>`,
      );
    case 'DELETE':
      calls.push('s3:DeleteObject');
      response.writeHead(204);
      return response.end();
    default:
      calls.push(`s3:${request.method ?? 'unknown'}`);
      return sendXml(response, 405, '<Error><Code>MethodNotAllowed</Code></Error>');
  }
}

function sendJson(response: ServerResponse, status: number, value: unknown): ServerResponse {
  response.writeHead(status, {
    'content-type': 'application/x-amz-json-1.0',
    'x-amzn-requestid': randomUUID(),
  });
  return response.end(JSON.stringify(value));
}

function sendXml(response: ServerResponse, status: number, xml: string): ServerResponse {
  response.writeHead(status, { 'content-type': 'text/xml', 'x-amz-request-id': randomUUID() });
  return response.end(`<?xml version="1.0" encoding="UTF-8"?>${xml}`);
}
