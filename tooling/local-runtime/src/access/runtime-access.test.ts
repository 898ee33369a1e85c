import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { text } from 'node:stream/consumers';
import { afterEach, describe, expect, it } from 'vitest';
import { httpRuntimeAccess } from './runtime-access';

// The HTTP access on the wire (node:http, not fetch), against a plain server that records what it was sent:
// the runtime's own server is exercised through it in `http/server.test.ts` and the e2e tests.
let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

interface Received {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

async function serve(
  answer: (request: Received, response: ServerResponse) => void,
): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  server = createServer(async (request, response) => {
    const seen = {
      method: request.method ?? '',
      url: request.url ?? '',
      headers: request.headers,
      body: await text(request),
    };
    received.push(seen);
    answer(seen, response);
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

const json = (response: ServerResponse, status: number, body: unknown) => {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
};

describe('httpRuntimeAccess', () => {
  it('GETs a table partition with its query escaped and returns the parsed items', async () => {
    const { url, received } = await serve((_, response) => json(response, 200, [{ pk: 'P#1', sk: 'a' }]));
    const items = await httpRuntimeAccess(url, '/data').query('reporting', 'REPORT#A&B', 'x y');
    expect(items).toStrictEqual([{ pk: 'P#1', sk: 'a' }]);
    expect(received.map(({ method, url }) => [method, url])).toStrictEqual([
      ['GET', '/tables/reporting?pk=REPORT%23A%26B&skPrefix=x%20y'],
    ]);
  });

  it('asks the queries made together in one POST /queries, each answered with its own items', async () => {
    const { url, received } = await serve(({ method, url, body }, response) =>
      method === 'POST'
        ? json(
            response,
            200,
            (JSON.parse(body) as { pk: string }[]).map(({ pk }) => [{ pk }]),
          )
        : json(response, 200, [{ pk: new URL(url, 'http://x').searchParams.get('pk') }]),
    );
    const access = httpRuntimeAccess(url, '/data');
    const answers = await Promise.all([
      access.query('reporting', 'A'),
      access.query('reporting', 'B', 'x'),
      access.query('platform', 'C'),
    ]);
    expect(answers).toStrictEqual([[{ pk: 'A' }], [{ pk: 'B' }], [{ pk: 'C' }]]);
    expect(received.map(({ method, url, body }) => [method, url, JSON.parse(body)])).toStrictEqual([
      [
        'POST',
        '/queries',
        [
          { table: 'reporting', pk: 'A', skPrefix: '' },
          { table: 'reporting', pk: 'B', skPrefix: 'x' },
          { table: 'platform', pk: 'C', skPrefix: '' },
        ],
      ],
    ]);
    // A query asked on its own is the plain GET.
    expect(await access.query('reporting', 'D')).toStrictEqual([{ pk: 'D' }]);
    expect(received.map(({ method, url }) => `${method} ${url}`)).toStrictEqual([
      'POST /queries',
      'GET /tables/reporting?pk=D&skPrefix=',
    ]);
  });

  it('asks the queries one by one of a runtime without POST /queries (started before it existed)', async () => {
    const { url, received } = await serve(({ method, url }, response) =>
      method === 'POST'
        ? json(response, 404, { error: 'no route for POST /queries' })
        : json(response, 200, [{ pk: new URL(url, 'http://x').searchParams.get('pk') }]),
    );
    const access = httpRuntimeAccess(url, '/data');
    expect(await Promise.all([access.query('reporting', 'A'), access.query('reporting', 'B')])).toStrictEqual(
      [[{ pk: 'A' }], [{ pk: 'B' }]],
    );
    expect(received.map(({ method, url }) => `${method} ${url}`).sort()).toStrictEqual([
      'GET /tables/reporting?pk=A&skPrefix=',
      'GET /tables/reporting?pk=B&skPrefix=',
      'POST /queries',
    ]);
  });

  it('rejects every query of a batch the runtime refuses, with its status and error', async () => {
    const { url } = await serve((_, response) =>
      json(response, 400, { error: 'queries[1].pk must be a partition key' }),
    );
    const access = httpRuntimeAccess(url, '/data');
    const asked = [access.query('reporting', 'A'), access.query('reporting', 'B')];
    for (const query of asked) {
      await expect(query).rejects.toThrow('POST /queries: 400 queries[1].pk must be a partition key');
    }
  });

  it('rejects a batch answered with fewer answers than queries, saying what came back', async () => {
    const { url } = await serve((_, response) => json(response, 200, [[]]));
    const access = httpRuntimeAccess(url, '/data');
    const asked = [access.query('reporting', 'A'), access.query('reporting', 'B')];
    for (const query of asked) {
      await expect(query).rejects.toThrow('POST /queries: 2 queries asked, the runtime answered [[]]');
    }
  });

  it('POSTs a JSON body with its content type and length', async () => {
    const { url, received } = await serve((_, response) => json(response, 201, { ok: true }));
    await httpRuntimeAccess(url, '/data').moment('sign-up', { email: 'ada@example.com', name: 'Ада' });
    const [request] = received;
    expect(request?.headers['content-type']).toBe('application/json');
    expect(Number(request?.headers['content-length'])).toBe(Buffer.byteLength(request?.body ?? ''));
    expect(JSON.parse(request?.body ?? '')).toStrictEqual({ email: 'ada@example.com', name: 'Ада' });
  });

  it('rejects an answer that is not 2xx with the method, path, status and the error the runtime gave', async () => {
    const { url } = await serve((_, response) => json(response, 404, { error: 'no queue "nope"' }));
    await expect(httpRuntimeAccess(url, '/data').redrive('nope')).rejects.toThrow(
      'POST /dlq/nope/redrive: 404 no queue "nope"',
    );
  });

  it('says the runtime does not answer when nothing listens at its URL', async () => {
    const { url } = await serve(() => {});
    await new Promise((resolve) => server?.close(resolve));
    server = undefined;
    await expect(httpRuntimeAccess(url, '/data').listDeadLetters()).rejects.toThrow(
      `the runtime at ${url} does not answer`,
    );
  });

  it('reads a replay streamed as JSON lines split across chunks, hearing each page', async () => {
    const { url, received } = await serve((_, response) => {
      response.writeHead(200, { 'content-type': 'application/x-ndjson' });
      response.write('{"progress":{"replayName":"r","replayed":1,"of":2}}\n{"progress":{"replayName":"r",');
      setTimeout(() => response.end('"replayed":2,"of":2}}\n{"result":{"replayName":"r","events":2}}\n'), 20);
    });
    const progress: unknown[] = [];
    const result = await httpRuntimeAccess(url, '/data').replay(
      { from: new Date('2026-12-01T00:00:00Z'), to: new Date('2026-12-02T00:00:00Z') },
      (step) => progress.push(step),
    );
    expect(result).toStrictEqual({ replayName: 'r', events: 2 });
    expect(progress).toStrictEqual([
      { replayName: 'r', replayed: 1, of: 2 },
      { replayName: 'r', replayed: 2, of: 2 },
    ]);
    expect(received[0]?.headers.accept).toBe('application/x-ndjson');
  });

  it('rejects a refused replay with the status and error, and one cut off before its result', async () => {
    const refused = await serve((_, response) => json(response, 400, { error: 'from must be before to' }));
    const range = { from: new Date('2026-12-02T00:00:00Z'), to: new Date('2026-12-01T00:00:00Z') };
    await expect(httpRuntimeAccess(refused.url, '/data').replay(range)).rejects.toThrow(
      'POST /replay: 400 from must be before to',
    );
    await new Promise((resolve) => server?.close(resolve));
    const cut = await serve((_, response) => {
      response.writeHead(200, { 'content-type': 'application/x-ndjson' });
      response.end('{"progress":{"replayName":"r","replayed":1,"of":2}}\n');
    });
    await expect(httpRuntimeAccess(cut.url, '/data').replay(range)).rejects.toThrow(
      'the runtime stopped answering before the replay finished',
    );
  });
});
