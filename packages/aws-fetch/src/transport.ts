import { HttpRequest } from '@smithy/core/protocols';
import { NodeHttpHandler, streamCollector } from '@smithy/node-http-handler';

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

let handler: NodeHttpHandler | undefined;

/**
 * The default transport: the SDK's own Node HTTP handler (`@smithy/node-http-handler`: `node:http`/`https`,
 * keep-alive agents), not global `fetch`. Node loads and compiles its fetch (undici) on the first call, which
 * measured ~1-1.5x a bare Node start of CPU, more than the call itself; the SDK's clients never pay it, and
 * neither do these calls.
 */
export const nodeHttpFetch: HttpFetch = async (input, init = {}) => {
  const url = new URL(input);
  handler ??= new NodeHttpHandler();
  const query: Record<string, string | string[]> = {};
  for (const [name, value] of url.searchParams) {
    const seen = query[name];
    query[name] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value];
  }
  const request = handler.handle(
    new HttpRequest({
      method: init.method ?? 'GET',
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port ? { port: Number(url.port) } : {}),
      path: url.pathname,
      query,
      headers: { host: url.host, ...init.headers },
      body: init.body,
    }),
    init.signal ? { abortSignal: init.signal } : {},
  );
  // As fetch does, an aborted request rejects with the signal's reason (a TimeoutError from AbortSignal.timeout).
  const { response } = await request.catch((error: unknown) => {
    throw init.signal?.aborted ? init.signal.reason : error;
  });
  const bytes: Uint8Array = response.body ? await streamCollector(response.body) : new Uint8Array();
  const text = () => new TextDecoder().decode(bytes);
  return {
    status: response.statusCode,
    ok: response.statusCode >= 200 && response.statusCode < 300,
    statusText: response.reason ?? '',
    headers: {
      get: (name) => {
        const value = response.headers[name.toLowerCase()];
        return value === undefined ? null : value;
      },
    },
    text: async () => text(),
    json: async () => JSON.parse(text()) as unknown,
    arrayBuffer: async () => bytes.slice().buffer,
  };
};
