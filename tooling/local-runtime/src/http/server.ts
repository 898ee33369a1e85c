import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventBridgeApiError } from '../bus/errors';
import { testEventPattern } from '../bus/test-event-pattern';
import { MOMENT_NAMES, MomentError } from '../moments/business-moments';
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
 * - `GET /` or `/status`, `GET /dlq`, `POST /dlq/<queue>/redrive`, `POST /replay`, `GET /idle`,
 *   `GET /events?since=`, `GET /tables/<name>?pk=&skPrefix=`: what the CLI uses while the runtime holds the store.
 */
export async function startServer(runtime: Runtime, options: ServerOptions): Promise<RuntimeServer> {
  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
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
    const url = new URL(request.url ?? '/', 'http://localhost');
    const path = url.pathname;
    const target = request.headers['x-amz-target'];
    if (request.method === 'POST' && typeof target === 'string')
      return eventBridge(target, request, response);
    if (request.method === 'GET' && path.startsWith('/blobs/')) return blob(url, response);
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
      const name = path.slice('/moments/'.length) as keyof typeof MOMENT_NAMES;
      const method = MOMENT_NAMES[name];
      if (!method)
        throw new HttpError(404, `no moment "${name}"; moments: ${Object.keys(MOMENT_NAMES).join(', ')}`);
      return sendJson(response, 201, await runtime.moments[method](await readJson(request)));
    }
    if (request.method === 'GET' && path === '/dlq')
      return sendJson(response, 200, await runtime.listDeadLetters());
    const redrive = /^\/dlq\/([^/]+)\/redrive$/.exec(path);
    if (request.method === 'POST' && redrive?.[1]) {
      return sendJson(response, 200, await runtime.redrive(decodeURIComponent(redrive[1])));
    }
    if (request.method === 'POST' && path === '/replay') {
      const body = (await readJson(request)) as { from?: string; to?: string };
      const from = new Date(body.from ?? '');
      const to = new Date(body.to ?? '');
      if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) {
        throw new HttpError(400, 'replay needs "from" and "to" as ISO times');
      }
      return sendJson(response, 200, await runtime.replay({ from, to }));
    }
    if (request.method === 'GET' && path === '/idle') {
      await runtime.idle(Number(url.searchParams.get('timeoutMs') ?? 60_000));
      return sendJson(response, 200, await runtime.status());
    }
    if (request.method === 'GET' && path === '/events') {
      const since = new Date(url.searchParams.get('since') ?? 0);
      if (Number.isNaN(since.getTime())) throw new HttpError(400, '"since" must be an ISO time');
      return sendJson(response, 200, await runtime.archivedEvents(since));
    }
    const table = /^\/tables\/([^/]+)$/.exec(path);
    if (request.method === 'GET' && table?.[1]) {
      const pk = url.searchParams.get('pk');
      if (!pk) throw new HttpError(400, 'query a table by partition: ?pk=<pk>[&skPrefix=<prefix>]');
      const items = await runtime.store
        .table(decodeURIComponent(table[1]))
        .query(pk, url.searchParams.get('skPrefix') ?? '');
      return sendJson(response, 200, items);
    }
    throw new HttpError(404, `no route for ${request.method} ${path}`);
  }

  async function eventBridge(
    target: string,
    request: IncomingMessage,
    response: ServerResponse,
  ): Promise<void> {
    let body: Record<string, unknown>;
    try {
      body = (await readJson(request)) as Record<string, unknown>;
    } catch {
      throw new EventBridgeApiError(
        'SerializationException',
        'Start of structure or map found where not expected.',
      );
    }
    switch (target) {
      case 'AWSEvents.PutEvents':
        return sendJson(
          response,
          200,
          await runtime.bus.putEvents(body.Entries),
          'application/x-amz-json-1.1',
        );
      case 'AWSEvents.TestEventPattern':
        return sendJson(
          response,
          200,
          { Result: testEventPattern(body.EventPattern, body.Event) },
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
    const size = await stat(link.path).then(
      (found) => found.size,
      () => undefined,
    );
    if (size === undefined) throw new HttpError(404, `no object ${link.bucket}/${link.key}`);
    const contentType = await readFile(`${link.path}.meta.json`, 'utf8').then(
      (meta) => (JSON.parse(meta) as { contentType?: string }).contentType ?? 'application/octet-stream',
      () => 'application/octet-stream',
    );
    response.writeHead(200, { 'content-type': contentType, 'content-length': size });
    createReadStream(link.path).pipe(response);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const serverUrl = () => {
    const address = server.address() as AddressInfo;
    return `http://${address.address}:${address.port}`;
  };
  return {
    url: serverUrl(),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return text === '' ? {} : JSON.parse(text);
  } catch {
    throw new HttpError(400, 'the request body is not JSON');
  }
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
