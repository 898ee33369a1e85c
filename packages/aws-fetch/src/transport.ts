import type { Agent, request as httpRequest, IncomingMessage } from 'node:http';

/** What a request of this package carries: fetch's `RequestInit`, narrowed to what is signed and sent. */
export interface HttpRequestInit {
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array;
  readonly signal?: AbortSignal;
}

/** What this package and its callers read of an answer: a subset of fetch's `Response`, so global fetch fits. */
export interface HttpAnswer {
  readonly status: number;
  readonly ok: boolean;
  readonly statusText: string;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
  json(): Promise<unknown>;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** A `fetch` as this package uses it: global `fetch` is one, `nodeHttpFetch` another. */
export type HttpFetch = (input: string | URL, init?: HttpRequestInit) => Promise<HttpAnswer>;

interface NodeTransport {
  readonly request: typeof httpRequest;
  readonly agent: Agent;
}

let transports: { readonly 'http:': NodeTransport; readonly 'https:': NodeTransport } | undefined;

/**
 * `node:http` and `node:https` with keep-alive agents (as the SDK's handler keeps them: 50 sockets), loaded on the
 * first request, not when a bundle is imported. Both at once: Lambda calls AWS over https, whose module loads
 * http's, so a call to a local http endpoint (the local runtime, a benchmark's stand-in) costs what Lambda pays.
 *
 * Through `process.getBuiltinModule`, not `import()`: an ESM import of a built-in builds its namespace by reading
 * every export, and on Node 22+ `node:http`'s exports include lazy getters (`WebSocket`, `CloseEvent`,
 * `MessageEvent`) that load and compile undici, ~60-80 ms of CPU on Node 24 (a bare start's worth) for code
 * nothing here uses; `getBuiltinModule` hands back the module object without touching them (BENCHMARKS.md,
 * cold starts, session 9).
 */
function nodeTransports() {
  if (!transports) {
    const http = process.getBuiltinModule('node:http');
    const https = process.getBuiltinModule('node:https');
    transports = {
      'http:': { request: http.request, agent: new http.Agent({ keepAlive: true, maxSockets: 50 }) },
      'https:': { request: https.request, agent: new https.Agent({ keepAlive: true, maxSockets: 50 }) },
    };
  }
  return transports;
}

/**
 * The default transport: one request on Node's own `http`/`https` client, loaded on the first call. Not global
 * `fetch`: Node loads and compiles its fetch (undici) on the first call, ~1-1.5x a bare Node start of CPU in a
 * cold function. Not the SDK's `@smithy/node-http-handler` either (which this was): it imports `node:https`,
 * `node:stream` and Smithy's stream utilities at the top, so every bundle loaded TLS and streams at init
 * (BENCHMARKS.md, cold starts, session 7). Hand-written for that reason; it does only what the calls here need
 * (a whole body in, a whole body out, an abort signal for the per-attempt timeout).
 */
export const nodeHttpFetch: HttpFetch = async (input, init = {}) => {
  const url = new URL(input);
  const transport = nodeTransports()[url.protocol as 'http:' | 'https:'];
  if (!transport) throw new Error(`nodeHttpFetch: unsupported protocol ${url.protocol} in ${url.href}`);
  const headers: Record<string, string> = { host: url.host, ...init.headers };
  const body = init.body;
  if (body !== undefined && !Object.keys(headers).some((name) => name.toLowerCase() === 'content-length')) {
    // A length, not chunked transfer encoding, which S3's PutObject refuses.
    headers['content-length'] = String(typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength);
  }
  const signal = init.signal;
  return new Promise<HttpAnswer>((resolve, reject) => {
    // As fetch does, an aborted request rejects with the signal's reason (a TimeoutError from AbortSignal.timeout).
    const fail = (error: unknown) => reject(signal?.aborted ? signal.reason : error);
    const request = transport.request(
      {
        method: init.method ?? 'GET',
        protocol: url.protocol,
        hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
        ...(url.port ? { port: Number(url.port) } : {}),
        path: `${url.pathname}${queryString(url.searchParams)}`,
        headers,
        agent: transport.agent,
        ...(signal ? { signal } : {}),
      },
      (response: IncomingMessage) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', fail);
        response.on('end', () => resolve(answerOf(response, Buffer.concat(chunks))));
      },
    );
    request.on('error', fail);
    request.end(body);
  });
};

/** The query as the SDK's handler writes it: names sorted, RFC 3986 encoding (as SigV4 canonicalises it). */
function queryString(params: URLSearchParams): string {
  const pairs = [...params].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (pairs.length === 0) return '';
  return `?${pairs.map(([name, value]) => `${escapeUri(name)}=${escapeUri(value)}`).join('&')}`;
}

function escapeUri(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function answerOf(response: IncomingMessage, bytes: Buffer): HttpAnswer {
  const status = response.statusCode ?? 0;
  const text = () => bytes.toString('utf8');
  return {
    status,
    ok: status >= 200 && status < 300,
    statusText: response.statusMessage ?? '',
    headers: {
      get: (name) => {
        const value = response.headers[name.toLowerCase()];
        return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
      },
    },
    text: async () => text(),
    json: async () => JSON.parse(text()) as unknown,
    arrayBuffer: async () => new Uint8Array(bytes).buffer,
  };
}
