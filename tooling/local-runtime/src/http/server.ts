import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream/promises';
import type { LocalHttpResponse } from '@sfe/service-definition';
import {
  formatMinorUnitsHere,
  MAX_FORMATTED_AMOUNTS,
  type MinorUnitsAmount,
  putAwsEventOn,
} from '../access/runtime-access';
import { EventBridgeApiError } from '../bus/errors';
import { testEventPattern } from '../bus/test-event-pattern';
import { handleConsole } from '../console/routes';
import { MOMENT_NAMES, MomentError, type MomentName } from '../moments/business-moments';
import type { Runtime } from '../runtime';
import { findCertificate, verificationPage } from './certificate-verification';

/** The runtime's HTTP face: EventBridge's JSON protocol, signed blob links, business moments, operations. */
export interface RuntimeServer {
  readonly url: string;
  close(): Promise<void>;
}

export interface ServerOptions {
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port: number;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Serves, on 127.0.0.1:
 * - `POST /` with `X-Amz-Target: AWSEvents.PutEvents | AWSEvents.TestEventPattern` (JSON 1.1 protocol, any
 *   credentials or SigV4 signature accepted unchecked), so the AWS CLI and SDK work with `--endpoint-url`;
 *   errors are AWS-shaped (`__type`, `message`);
 * - `GET /blobs/<bucket>/<key>?expires=&signature=`: signed links, checked like presigned URLs;
 * - `GET /certificates/verify/<certificateId>`: the verification page a certificate links to;
 * - `POST /moments/<name>`: the business moments (JSON in, JSON out);
 * - the APIs services define (`api` and `http` in their definitions), e.g. platform-api's
 *   `GET /users/<userId>[/enrolments/<courseId>|/payments/<paymentId>]`, which consumers call back, and
 *   certificate-service's download address `GET /certificates/<certificateId>` (302 to a signed blob link);
 * - `GET /` or `/status`, `GET /dlq`, `POST /dlq/<queue>/redrive`, `POST /replay`, `GET /idle`,
 *   `GET /events?since=`, `GET /tables/<name>?pk=&skPrefix=`, `POST /queries` (several such queries in one
 *   request, `[{"table", "pk", "skPrefix"?}]`, answered in order), `POST /aws-events` (an AWS service's event onto
 *   the default bus, e.g. `pnpm sfe ses bounce`): what the CLI uses while the runtime holds the store;
 * - `POST /formatted-money` (`[{"amount", "currency"}]`, amounts in minor units, answered in order with the text
 *   `formatMinorUnits` gives each): `pnpm sfe report`'s revenue column. Formatted here because this process has
 *   set up Intl's number formatting already, which costs a new process about 22 ms of CPU (BENCHMARKS.md, session 9).
 */
export async function startServer(runtime: Runtime, options: ServerOptions): Promise<RuntimeServer> {
  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      // Past the headers (a blob being sent), all that is left to say is to cut the connection.
      if (response.headersSent) return void response.destroy();
      if (error instanceof EventBridgeApiError) {
        sendJson(
          response,
          error.statusCode,
          { __type: error.type, message: error.message },
          'application/x-amz-json-1.1',
        );
      } else if (error instanceof MomentError || error instanceof HttpError) {
        sendJson(response, error.status, { error: error.message });
      } else {
        sendJson(response, 500, { error: error instanceof Error ? error.message : String(error) });
      }
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    refuseForeignRequest(request, port());
    const url = parseTarget(request.url);
    const path = url.pathname;
    refuseUnreadableUrl(url);
    const target = request.headers['x-amz-target'];
    if (request.method === 'POST' && typeof target === 'string')
      return eventBridge(target, request, response);
    if (request.method === 'GET' && path.startsWith('/blobs/')) return blob(url, response);
    if (await handleConsole(runtime, request, response, url, { readJson: (r) => readJson(r) })) return;
    const verify = /^\/certificates\/verify\/([^/]+)$/.exec(path);
    if (request.method === 'GET' && verify?.[1]) {
      const certificateId = decodeURIComponent(verify[1]);
      const certificate = await findCertificate(runtime.store.db, certificateId);
      const page = verificationPage(certificateId, certificate);
      response.writeHead(certificate ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
      return void response.end(page);
    }
    if (request.method === 'GET' && (path === '/' || path === '/status')) {
      return sendJson(response, 200, { url: serverUrl(), ...(await runtime.status()) });
    }
    if (request.method === 'POST' && path.startsWith('/moments/')) {
      const name = decodeURIComponent(path.slice('/moments/'.length));
      // Own names only: `constructor` or `__proto__` are the object's, not moments.
      if (!Object.hasOwn(MOMENT_NAMES, name))
        throw new HttpError(404, `no moment "${name}"; moments: ${Object.keys(MOMENT_NAMES).join(', ')}`);
      const method = MOMENT_NAMES[name as MomentName];
      return sendJson(response, 201, await runtime.moments[method](await readJson(request)));
    }
    if (request.method === 'GET' && path === '/dlq')
      return sendJson(response, 200, await runtime.listDeadLetters());
    const redrive = /^\/dlq\/([^/]+)\/redrive$/.exec(path);
    if (request.method === 'POST' && redrive?.[1]) {
      const queue = decodeURIComponent(redrive[1]);
      if (!QUEUE_NAME.test(queue)) throw new HttpError(400, `"${queue}" is not a queue name`);
      return sendJson(response, 200, await runtime.redrive(queue));
    }
    if (request.method === 'POST' && path === '/replay') {
      const body = await readJson(request);
      const range =
        typeof body === 'object' && body !== null ? (body as { from?: unknown; to?: unknown }) : {};
      const from = typeof range.from === 'string' ? new Date(range.from) : new Date(Number.NaN);
      const to = typeof range.to === 'string' ? new Date(range.to) : new Date(Number.NaN);
      if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) {
        throw new HttpError(400, 'replay needs {"from": <ISO time>, "to": <ISO time>}');
      }
      if (!String(request.headers.accept ?? '').includes('application/x-ndjson')) {
        return sendJson(response, 200, await runtime.replay({ from, to }));
      }
      // A long replay answers as it goes: one JSON line per page sent, then the result.
      response.writeHead(200, { 'content-type': 'application/x-ndjson' });
      const result = await runtime.replay({ from, to }, (progress) => {
        response.write(`${JSON.stringify({ progress })}\n`);
      });
      return void response.end(`${JSON.stringify({ result })}\n`);
    }
    if (request.method === 'GET' && path === '/idle') {
      const timeoutMs = url.searchParams.get('timeoutMs') ?? '60000';
      if (!/^\d{1,7}$/.test(timeoutMs)) {
        throw new HttpError(400, '"timeoutMs" must be a whole number of milliseconds, 0 to 9999999');
      }
      await runtime.idle(Number(timeoutMs));
      return sendJson(response, 200, await runtime.status());
    }
    if (request.method === 'GET' && path === '/events') {
      const since = new Date(url.searchParams.get('since') ?? 0);
      if (Number.isNaN(since.getTime())) throw new HttpError(400, '"since" must be an ISO time');
      return sendJson(response, 200, await runtime.archivedEvents(since));
    }
    if (request.method === 'POST' && path === '/aws-events') {
      const event = await readJson(request);
      const { source, 'detail-type': detailType } = (event ?? {}) as Record<string, unknown>;
      // An AWS service's own event (`aws.*`), as the CLI's stand-ins build it; ours go through PutEvents.
      if (typeof source !== 'string' || !source.startsWith('aws.') || typeof detailType !== 'string') {
        throw new HttpError(400, 'an AWS service event needs a "source" (aws.*) and a "detail-type"');
      }
      return sendJson(
        response,
        201,
        await putAwsEventOn(runtime, event as { source: string; 'detail-type': string }),
      );
    }
    const table = /^\/tables\/([^/]+)$/.exec(path);
    if (request.method === 'GET' && table?.[1]) {
      const name = decodeURIComponent(table[1]);
      if (!TABLE_NAME.test(name)) {
        throw new HttpError(400, `"${name}" is not a table name (letters, digits, _ . -; at most 255)`);
      }
      const pk = url.searchParams.get('pk');
      if (!pk) throw new HttpError(400, 'query a table by partition: ?pk=<pk>[&skPrefix=<prefix>]');
      const items = await runtime.store.table(name).query(pk, url.searchParams.get('skPrefix') ?? '');
      return sendJson(response, 200, items);
    }
    if (request.method === 'POST' && path === '/queries') {
      const queries = tableQueriesOf(await readJson(request));
      const answers = queries.map(({ table, pk, skPrefix }) =>
        runtime.store.table(table).query(pk, skPrefix),
      );
      return sendJson(response, 200, await Promise.all(answers));
    }
    if (request.method === 'POST' && path === '/formatted-money') {
      return sendJson(response, 200, await formatMinorUnitsHere(amountsOf(await readJson(request))));
    }
    const served = await runtime.serveHttp({ method: request.method ?? 'GET', path });
    if (served) return sendServed(response, served);
    throw new HttpError(404, `no route for ${request.method} ${path}`);
  }

  async function eventBridge(
    target: string,
    request: IncomingMessage,
    response: ServerResponse,
  ): Promise<void> {
    let body: unknown;
    try {
      body = await readJson(request, AWS_JSON_TYPES);
    } catch (error) {
      if (error instanceof HttpError && error.status === 415) {
        throw new EventBridgeApiError('UnsupportedMediaTypeException', error.message, 415);
      }
      throw new EventBridgeApiError(
        'SerializationException',
        'Start of structure or map found where not expected.',
      );
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new EventBridgeApiError('SerializationException', 'The request body must be a JSON object.');
    }
    const input = body as Record<string, unknown>;
    switch (target) {
      case 'AWSEvents.PutEvents':
        return sendJson(
          response,
          200,
          await runtime.bus.putEvents(input.Entries),
          'application/x-amz-json-1.1',
        );
      case 'AWSEvents.TestEventPattern':
        return sendJson(
          response,
          200,
          { Result: testEventPattern(input.EventPattern, input.Event) },
          'application/x-amz-json-1.1',
        );
      default:
        throw new EventBridgeApiError(
          'UnknownOperationException',
          `${target} is not supported by the local runtime (PutEvents and TestEventPattern are)`,
        );
    }
  }

  async function blob(url: URL, response: ServerResponse): Promise<void> {
    const link = runtime.buckets.resolveSignedLink(url);
    if ('refused' in link) throw new HttpError(403, `signed link refused: ${link.refused}`);
    // A directory (a key prefix) is not an object.
    const size = await stat(link.path).then(
      (found) => (found.isFile() ? found.size : undefined),
      () => undefined,
    );
    if (size === undefined) throw new HttpError(404, `no object ${link.bucket}/${link.key}`);
    const contentType = await readFile(`${link.path}.meta.json`, 'utf8').then(
      (meta) => (JSON.parse(meta) as { contentType?: string }).contentType ?? 'application/octet-stream',
      () => 'application/octet-stream',
    );
    // pipeline, not pipe: a read error (the file removed or replaced meanwhile) ends this response, never
    // the process (an unhandled 'error' event would).
    const body = createReadStream(link.path);
    await new Promise<void>((resolve, reject) => {
      body.once('open', () => resolve());
      body.once('error', reject);
    }).catch(() => {
      throw new HttpError(404, `no object ${link.bucket}/${link.key}`);
    });
    response.writeHead(200, { 'content-type': contentType, 'content-length': size });
    await pipeline(body, response).catch(() => response.destroy());
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const serverUrl = () => {
    const address = server.address() as AddressInfo;
    return `http://${address.address}:${address.port}`;
  };
  const port = () => (server.address() as AddressInfo).port;
  return {
    url: serverUrl(),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Content types of a JSON body: `application/json` (and `+json` types); AWS's JSON protocol adds its own. */
const JSON_TYPES = /^application\/(?:[\w.-]+\+)?json$/;
const AWS_JSON_TYPES = /^application\/(?:x-amz-json-1\.[01]|(?:[\w.-]+\+)?json)$/;
// DynamoDB's table names and SQS's queue names: what can be asked for, refused before it reaches the store.
const TABLE_NAME = /^[A-Za-z0-9_.-]{1,255}$/;
/** At most this many queries in one `POST /queries`. */
const MAX_QUERIES = 100;

/** The body of `POST /queries`, checked: a 400 names the first query that is not one. */
function tableQueriesOf(body: unknown): { table: string; pk: string; skPrefix: string }[] {
  if (!Array.isArray(body) || body.length === 0 || body.length > MAX_QUERIES) {
    throw new HttpError(400, `queries: 1 to ${MAX_QUERIES} of {"table", "pk", "skPrefix"?}`);
  }
  return body.map((query: unknown, i) => {
    const {
      table,
      pk,
      skPrefix = '',
    } = (typeof query === 'object' && query !== null ? query : {}) as Record<string, unknown>;
    if (typeof table !== 'string' || !TABLE_NAME.test(table)) {
      throw new HttpError(
        400,
        `queries[${i}].table is not a table name (letters, digits, _ . -; at most 255)`,
      );
    }
    // PostgreSQL's text holds no NUL, which the URL of `GET /tables` refuses too.
    if (typeof pk !== 'string' || pk === '' || pk.includes('\0')) {
      throw new HttpError(400, `queries[${i}].pk must be a partition key (a string, no NUL)`);
    }
    if (typeof skPrefix !== 'string' || skPrefix.includes('\0')) {
      throw new HttpError(400, `queries[${i}].skPrefix must be a string, no NUL`);
    }
    return { table, pk, skPrefix };
  });
}
/** The body of `POST /formatted-money`, checked: a 400 names the first entry that is not an amount. */
function amountsOf(body: unknown): MinorUnitsAmount[] {
  if (!Array.isArray(body) || body.length === 0 || body.length > MAX_FORMATTED_AMOUNTS) {
    throw new HttpError(400, `amounts: 1 to ${MAX_FORMATTED_AMOUNTS} of {"amount", "currency"}`);
  }
  return body.map((entry: unknown, i) => {
    const { amount, currency } = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<
      string,
      unknown
    >;
    if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount < 0) {
      throw new HttpError(400, `amounts[${i}].amount must be a whole number of minor units, 0 or more`);
    }
    if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency)) {
      throw new HttpError(400, `amounts[${i}].currency must be an ISO 4217 code (three capital letters)`);
    }
    return { amount, currency };
  });
}

const QUEUE_NAME = /^[A-Za-z0-9_-]{1,80}$/;

/**
 * Reads a JSON body. A body must be labelled JSON: a browser can send `text/plain` (or a form) to any site
 * without asking, but not `application/json`, so this refuses what a web page could forge.
 */
async function readJson(request: IncomingMessage, types: RegExp = JSON_TYPES): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text === '') return {};
  const contentType = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (!types.test(contentType)) {
    throw new HttpError(
      415,
      `a JSON body needs "content-type: application/json"${contentType ? ` (got "${contentType}")` : ''}`,
    );
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'the request body is not JSON');
  }
}

/**
 * The endpoint answers this machine's developer only. DNS rebinding (a page on evil.example re-pointed at
 * 127.0.0.1) shows up as a foreign Host; a web page's request carries its Origin (and Sec-Fetch-Site). A
 * browser opening a link (a verification page, a signed blob link) is a navigation, which is let through: it
 * cannot read the answer into the page that made it.
 */
function refuseForeignRequest(request: IncomingMessage, port: number): void {
  const own = [`127.0.0.1:${port}`, `localhost:${port}`];
  const host = request.headers.host?.toLowerCase();
  if (!host || !own.includes(host)) {
    throw new HttpError(403, `Host "${host ?? ''}" refused: this endpoint answers as ${own.join(' or ')}`);
  }
  const origin = request.headers.origin;
  if (origin !== undefined && !own.some((name) => origin.toLowerCase() === `http://${name}`)) {
    throw new HttpError(403, `cross-origin request from "${origin}" refused`);
  }
  const site = request.headers['sec-fetch-site'];
  const navigation = request.headers['sec-fetch-mode'] === 'navigate' && request.method === 'GET';
  if ((site === 'cross-site' || site === 'same-site') && origin === undefined && !navigation) {
    throw new HttpError(403, `cross-site request refused (Sec-Fetch-Site: ${site})`);
  }
}

/**
 * The request target as a URL. It is a path: resolved against a base, `//x` would be read as a host (and `//`
 * is no URL at all), so it is appended to the origin instead.
 */
function parseTarget(target = '/'): URL {
  try {
    return new URL(`http://localhost${target.startsWith('/') ? '' : '/'}${target}`);
  } catch {
    throw new HttpError(400, `malformed request target "${target}"`);
  }
}

/** Malformed percent-encoding, or a NUL anywhere in the path or query, is a 400 before any route sees it. */
function refuseUnreadableUrl(url: URL): void {
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    throw new HttpError(400, `malformed percent-encoding in the path "${url.pathname}"`);
  }
  if (
    path.includes('\0') ||
    [...url.searchParams].some(([name, value]) => `${name}${value}`.includes('\0'))
  ) {
    throw new HttpError(400, 'NUL (%00) is not accepted in a path or query');
  }
}

/** A service's answer: JSON, or a string as it is when its headers name a content type (a redirect's text). */
function sendServed(response: ServerResponse, served: LocalHttpResponse): void {
  if (served.headers?.['content-type'] === undefined || typeof served.body !== 'string') {
    const text = JSON.stringify(served.body);
    response.writeHead(served.status, {
      ...served.headers,
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
    });
    return void response.end(text);
  }
  response.writeHead(served.status, { ...served.headers, 'content-length': Buffer.byteLength(served.body) });
  response.end(served.body);
}

function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  contentType = 'application/json',
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text) });
  response.end(text);
}
