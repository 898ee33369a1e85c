import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createAwsPlatformClient, createSigningFetch } from './aws';
import { createPlatformClient, PlatformApiError } from './client';

let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve));
});

describe('createSigningFetch', () => {
  it('signs each request with SigV4 for lambda in the region, as a function URL with AWS_IAM expects', async () => {
    const received: IncomingMessage['headers'][] = [];
    server = createServer((request, response) => {
      received.push(request.headers);
      response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const client = createPlatformClient({
      baseUrl: url,
      fetch: createSigningFetch({
        region: 'eu-west-2',
        credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret', sessionToken: 'token' },
      }),
    });
    expect(await client.getUser('u-1')).toBeUndefined();
    const [headers] = received;
    expect(headers?.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-2\/lambda\/aws4_request, SignedHeaders=accept;host;x-amz-content-sha256;x-amz-date;x-amz-security-token, Signature=[0-9a-f]{64}$/,
    );
    expect(headers?.['x-amz-security-token']).toBe('token');
    expect(headers?.['x-amz-date']).toMatch(/^\d{8}T\d{6}Z$/);
  });

  it('builds the Lambda client from the config, and refuses a config without a region', async () => {
    const seen: string[] = [];
    server = createServer((request, response) => {
      seen.push(`${request.url} ${request.headers.authorization?.split(' ')[1] ?? ''}`);
      response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };
    const client = createAwsPlatformClient(
      { PLATFORM_API_URL: url, AWS_REGION: 'eu-west-2' },
      { credentials },
    );
    expect(await client.getPayment('u-1', 'p-1')).toBeUndefined();
    expect(seen).toStrictEqual([
      expect.stringMatching(
        /^\/users\/u-1\/payments\/p-1 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-2\/lambda\//,
      ),
    ]);
    expect(() => createAwsPlatformClient({ PLATFORM_API_URL: url }, { credentials })).toThrow(
      'AWS_REGION is not set: platform API call-backs are signed for a region',
    );
  });

  it("finds the API's URL by its function's name (GetFunctionUrlConfig, signed) once, and again after a failure", async () => {
    const seen: string[] = [];
    let lookups = 0;
    server = createServer((request, response) => {
      const signedFor = request.headers.authorization?.match(/\/(\w+)\/aws4_request/)?.[1] ?? 'unsigned';
      seen.push(`${request.url} ${signedFor}`);
      if (request.url === '/2021-10-31/functions/sfe-dev-platform-api-read/url') {
        lookups += 1;
        if (lookups === 1) {
          response.writeHead(404, { 'content-type': 'application/json' });
          return void response.end(JSON.stringify({ Message: 'Function not found', Type: 'User' }));
        }
        response.writeHead(200, { 'content-type': 'application/json' });
        return void response.end(JSON.stringify({ FunctionUrl: `${url}/api/`, AuthType: 'AWS_IAM' }));
      }
      response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const client = createAwsPlatformClient(
      { PLATFORM_API_FUNCTION_NAME: 'sfe-dev-platform-api-read', AWS_REGION: 'eu-west-2' },
      { credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }, lambdaEndpoint: url },
    );

    // Not deployed yet: the call-back fails (so does the record, and SQS retries it), naming why.
    await expect(client.getUser('u-1')).rejects.toThrow(
      new PlatformApiError(
        'cannot find the platform API: GetFunctionUrlConfig of sfe-dev-platform-api-read: HTTP 404 Function not found',
      ),
    );
    expect(await client.getUser('u-1')).toBeUndefined();
    expect(await client.getPayment('u-1', 'p-1')).toBeUndefined();
    expect(seen).toStrictEqual([
      '/2021-10-31/functions/sfe-dev-platform-api-read/url lambda',
      '/2021-10-31/functions/sfe-dev-platform-api-read/url lambda',
      '/api/users/u-1 lambda',
      '/api/users/u-1/payments/p-1 lambda',
    ]);
  });

  it('refuses a config that says neither where the API is nor what it is called', () => {
    expect(() => createAwsPlatformClient({ AWS_REGION: 'eu-west-2' })).toThrow(
      'neither PLATFORM_API_URL nor PLATFORM_API_FUNCTION_NAME is set: bindPlatformApi sets the function name',
    );
  });
});
