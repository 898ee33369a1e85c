import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createPlatformClient, PlatformApiError } from './client';

const payment = {
  paymentId: 'p-1',
  userId: 'u-1',
  courseId: 'c-1',
  amount: 4999,
  currency: 'GBP',
  status: 'complete',
  completedAt: '2026-12-05T10:00:00.000Z',
};

type Route = (request: IncomingMessage, response: ServerResponse) => void;

let server: Server | undefined;
const requests: { method?: string; url?: string; headers: IncomingMessage['headers'] }[] = [];

/** A real HTTP server on a free port answering with `routes`, one per request in turn (the last repeats). */
async function serve(...routes: Route[]): Promise<string> {
  requests.length = 0;
  const listening = createServer((request, response) => {
    requests.push({ method: request.method, url: request.url, headers: request.headers });
    const route = routes[Math.min(requests.length - 1, routes.length - 1)];
    route?.(request, response);
  });
  server = listening;
  await new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(listening.address() as AddressInfo).port}`;
}

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

const json =
  (status: number, body: unknown): Route =>
  (_request, response) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };
const hang: Route = () => {};
const noSleep = { sleep: async () => {}, random: () => 0.5 };

describe('createPlatformClient', () => {
  it("GETs a payment's path and returns its view, unknown fields dropped", async () => {
    const url = await serve(json(200, { ...payment, courseTitle: 'not in the view' }));
    const client = createPlatformClient({ baseUrl: `${url}/`, ...noSleep });
    expect(await client.getPayment('u-1', 'p-1')).toStrictEqual(payment);
    expect(requests.map((r) => [r.method, r.url, r.headers.accept])).toStrictEqual([
      ['GET', '/users/u-1/payments/p-1', 'application/json'],
    ]);
  });

  it('reads users and enrolments at their paths, ids escaped', async () => {
    const url = await serve(
      json(200, {
        userId: 'a/b',
        email: 'ada@example.com',
        name: 'Ada',
        status: 'active',
        createdAt: payment.completedAt,
      }),
      json(200, {
        userId: 'a/b',
        courseId: 'c 1',
        courseTitle: 'EDA',
        enrolledAt: payment.completedAt,
        progress: 10,
      }),
    );
    const client = createPlatformClient({ baseUrl: url, ...noSleep });
    expect((await client.getUser('a/b'))?.status).toBe('active');
    expect((await client.getEnrolment('a/b', 'c 1'))?.progress).toBe(10);
    expect(requests.map((r) => r.url)).toStrictEqual(['/users/a%2Fb', '/users/a%2Fb/enrolments/c%201']);
  });

  it('answers undefined for a 404 (no such resource), without retrying', async () => {
    const url = await serve(json(404, { error: 'no payment p-9' }));
    const client = createPlatformClient({ baseUrl: url, ...noSleep });
    expect(await client.getPayment('u-1', 'p-9')).toBeUndefined();
    expect(requests).toHaveLength(1);
  });

  it('retries a 5xx and a 429 with growing, jittered delays, then returns the answer', async () => {
    const url = await serve(
      json(503, { error: 'busy' }),
      json(429, { error: 'slow down' }),
      json(200, payment),
    );
    const delays: number[] = [];
    const client = createPlatformClient({
      baseUrl: url,
      backoffMs: 100,
      sleep: async (ms) => {
        delays.push(ms);
      },
      random: () => 0.5,
    });
    expect(await client.getPayment('u-1', 'p-1')).toStrictEqual(payment);
    expect(delays).toStrictEqual([50, 100]);
    expect(requests).toHaveLength(3);
  });

  it('gives up after the retries with an error naming the last failure', async () => {
    const url = await serve(json(500, { error: 'table unavailable' }));
    const client = createPlatformClient({ baseUrl: url, retries: 2, ...noSleep });
    const error = await client.getPayment('u-1', 'p-1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlatformApiError);
    expect((error as PlatformApiError).message).toBe(
      `GET ${url}/users/u-1/payments/p-1: HTTP 500: {"error":"table unavailable"} (after 3 attempts)`,
    );
    expect((error as PlatformApiError).status).toBe(500);
    expect(requests).toHaveLength(3);
  });

  // The server is in this process: on a loaded machine a request can take a few hundred ms to reach it, so an
  // attempt's timeout is a generous 1.5 s (these are not speed assertions).
  it('times out an attempt that gets no answer, retries it, and fails when none answers', async () => {
    const url = await serve(hang);
    const client = createPlatformClient({ baseUrl: url, timeoutMs: 1500, retries: 1, ...noSleep });
    await expect(client.getUser('u-1')).rejects.toThrow(
      `GET ${url}/users/u-1: no answer within 1500 ms (after 2 attempts)`,
    );
    expect(requests).toHaveLength(2);
  }, 30_000);

  it('recovers when a timed-out attempt is followed by an answer', async () => {
    const url = await serve(hang, json(200, payment));
    const client = createPlatformClient({ baseUrl: url, timeoutMs: 1500, ...noSleep });
    expect(await client.getPayment('u-1', 'p-1')).toStrictEqual(payment);
    expect(requests).toHaveLength(2);
  }, 30_000);

  it('fails a network error after the retries (nothing listens)', async () => {
    const url = await serve(json(200, payment));
    server?.close();
    server?.closeAllConnections();
    const client = createPlatformClient({ baseUrl: url, retries: 1, ...noSleep });
    await expect(client.getPayment('u-1', 'p-1')).rejects.toThrow(
      /request failed: fetch failed \(after 2 attempts\)$/,
    );
  });

  it('does not retry a 403 (a missing permission will not fix itself)', async () => {
    const url = await serve(json(403, { message: 'Forbidden' }));
    const client = createPlatformClient({ baseUrl: url, ...noSleep });
    await expect(client.getUser('u-1')).rejects.toThrow(
      `GET ${url}/users/u-1: HTTP 403: {"message":"Forbidden"}`,
    );
    expect(requests).toHaveLength(1);
  });

  it('refuses an answer that is not the view, naming the field', async () => {
    const url = await serve(json(200, { ...payment, amount: '49.99' }));
    const client = createPlatformClient({ baseUrl: url, ...noSleep });
    await expect(client.getPayment('u-1', 'p-1')).rejects.toThrow(
      'not a payment view: amount: Invalid input: expected number, received string',
    );
  });
});
