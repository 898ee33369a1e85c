import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createAwsJsonClient, SQS } from './json-protocol';
import { nodeHttpFetch } from './transport';

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

/** A local server answering every request with `answer`, recording what it received. */
async function serve(
  answer: (request: IncomingMessage, body: string) => { status: number; body: string; delayMs?: number },
) {
  const received: { method?: string; url?: string; headers: IncomingMessage['headers']; body: string }[] = [];
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ method: request.method, url: request.url, headers: request.headers, body });
      const { status, body: out, delayMs = 0 } = answer(request, body);
      setTimeout(
        () =>
          response
            .writeHead(status, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'r-1' })
            .end(out),
        delayMs,
      );
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

describe('nodeHttpFetch', () => {
  it('sends the method, query, headers and body, and reads the status, headers and body back', async () => {
    const { url, received } = await serve(() => ({ status: 201, body: '{"ok":true}' }));
    const answer = await nodeHttpFetch(`${url}/a/b?x-id=PutObject&k=1`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: new TextEncoder().encode('{"a":1}'),
    });
    expect(received).toMatchObject([
      {
        method: 'PUT',
        // Smithy's query builder sorts the names, as SigV4 does.
        url: '/a/b?k=1&x-id=PutObject',
        headers: { 'content-type': 'application/json' },
        body: '{"a":1}',
      },
    ]);
    // A length, not chunked transfer encoding, which S3's PutObject refuses.
    expect(received[0]?.headers['content-length']).toBe('7');
    expect(received[0]?.headers['transfer-encoding']).toBeUndefined();
    expect([answer.status, answer.ok, answer.headers.get('X-Amzn-RequestId')]).toStrictEqual([
      201,
      true,
      'r-1',
    ]);
    expect(await answer.json()).toStrictEqual({ ok: true });
  });

  it('rejects with the signal’s reason when it is aborted, as fetch does', async () => {
    const { url } = await serve(() => ({ status: 200, body: '{}', delayMs: 2_000 }));
    const error = await nodeHttpFetch(url, { signal: AbortSignal.timeout(50) }).catch((e: unknown) => e);
    expect((error as Error).name).toBe('TimeoutError');
  });

  it('is what a client sends with by default: a signed JSON call reaches the server and its answer comes back', async () => {
    const { url, received } = await serve(() => ({ status: 200, body: '{"MessageId":"m-1"}' }));
    const sqs = createAwsJsonClient(SQS, {
      region: 'eu-west-2',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
      endpoint: url,
    });
    await expect(sqs.call('SendMessage', { QueueUrl: 'q', MessageBody: 'b' })).resolves.toStrictEqual({
      MessageId: 'm-1',
    });
    expect(received[0]?.headers['x-amz-target']).toBe('AmazonSQS.SendMessage');
    expect(received[0]?.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-2\/sqs\//,
    );
    expect(JSON.parse(received[0]?.body ?? '')).toStrictEqual({ QueueUrl: 'q', MessageBody: 'b' });
  });

  it('writes the query as SigV4 canonicalises it and reads an error answer, repeated headers joined', async () => {
    const errorServer = createServer((request, response) => {
      response.setHeader('set-cookie', ['a=1', 'b=2']);
      response
        .writeHead(404, 'Not Found', { 'x-url': request.url ?? '' })
        .end('<Error><Code>NoSuchKey</Code></Error>');
    });
    server = errorServer;
    await new Promise<void>((resolve) => errorServer.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(errorServer.address() as AddressInfo).port}`;
    const answer = await nodeHttpFetch(`${url}/k%20ey?z=1&prefix=a%20b!*'()&list-type=2&z=0`, {
      method: 'GET',
    });
    // Names sorted (a name's values in their order), RFC 3986 encoding: what the signer signed.
    expect(answer.headers.get('x-url')).toBe('/k%20ey?list-type=2&prefix=a%20b%21%2A%27%28%29&z=1&z=0');
    expect([answer.status, answer.ok, answer.statusText]).toStrictEqual([404, false, 'Not Found']);
    expect(answer.headers.get('Set-Cookie')).toBe('a=1, b=2');
    expect(answer.headers.get('x-missing')).toBeNull();
    expect(await answer.text()).toBe('<Error><Code>NoSuchKey</Code></Error>');
    expect(new TextDecoder().decode(await answer.arrayBuffer())).toBe(
      '<Error><Code>NoSuchKey</Code></Error>',
    );
  });

  it('refuses a protocol it cannot send with, naming it', async () => {
    await expect(nodeHttpFetch('ftp://example.com/x')).rejects.toThrow(
      'nodeHttpFetch: unsupported protocol ftp: in ftp://example.com/x',
    );
  });
});
