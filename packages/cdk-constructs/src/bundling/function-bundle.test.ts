import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { search as realSearch } from '@aws-lambda-powertools/jmespath';
import { afterEach, describe, expect, it } from 'vitest';
import { bundleFunction, ESM_BANNER } from './function-bundle';

const outdirs: string[] = [];
afterEach(() => {
  for (const dir of outdirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function bundleFixture(name: string): Promise<string> {
  const outdir = mkdtempSync(join(tmpdir(), 'sfe-function-bundle-'));
  outdirs.push(outdir);
  const entry = fileURLToPath(new URL(`../../test/fixtures/${name}`, import.meta.url));
  await bundleFunction({ entry, outdir, target: 'node24' });
  return outdir;
}

describe('bundleFunction', () => {
  it('leaves zod locales out and keeps its English messages', async () => {
    const outdir = await bundleFixture('zod-handler.ts');
    expect(readdirSync(outdir).sort()).toStrictEqual(['index.mjs', 'index.mjs.map']);
    const bundle = readFileSync(join(outdir, 'index.mjs'), 'utf8');
    expect(bundle.startsWith(ESM_BANNER)).toBe(true);
    // German is one of the locales zod 4 re-exports; the English messages are zod's default.
    expect(bundle).not.toContain('Ungültige Eingabe');
    const { handler } = (await import(pathToFileURL(join(outdir, 'index.mjs')).href)) as {
      handler: () => Promise<string>;
    };
    expect(await handler()).toBe('Invalid input: expected string, received number');
  }, 60_000);

  it('links a source map without sources beside the bundle, which Node loads only when asked', async () => {
    const outdir = await bundleFixture('zod-handler.ts');
    expect(readFileSync(join(outdir, 'index.mjs'), 'utf8').trimEnd()).toMatch(
      /\/\/# sourceMappingURL=index\.mjs\.map$/,
    );
    const map = JSON.parse(readFileSync(join(outdir, 'index.mjs.map'), 'utf8')) as {
      sourcesContent?: unknown;
    };
    expect(map.sourcesContent).toBeUndefined();
  }, 60_000);

  it("keeps only the SDK credential sources Lambda uses: the environment's, or a container endpoint's", async () => {
    const outdir = await bundleFixture('credentials-handler.ts');
    const bundle = readFileSync(join(outdir, 'index.mjs'), 'utf8');
    // Strings of the left-out providers: credential processes, SSO, web identity (through STS).
    for (const gone of [
      'credential_process',
      'sso_start_url',
      'AWS_WEB_IDENTITY_TOKEN_FILE',
      'AssumeRoleWith',
    ]) {
      expect(bundle).not.toContain(gone);
    }
    const { handler } = (await import(pathToFileURL(join(outdir, 'index.mjs')).href)) as {
      handler: () => Promise<unknown>;
    };
    const saved = { ...process.env };
    try {
      Object.assign(process.env, {
        AWS_ACCESS_KEY_ID: 'AKIAFIXTURE',
        AWS_SECRET_ACCESS_KEY: 'fixture-secret',
        AWS_SESSION_TOKEN: 'fixture-token',
      });
      await expect(handler()).resolves.toMatchObject({
        accessKeyId: 'AKIAFIXTURE',
        secretAccessKey: 'fixture-secret',
        sessionToken: 'fixture-token',
      });
      for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE']) {
        delete process.env[name];
      }
      await expect(handler()).rejects.toThrow(/No AWS credentials in the environment/);
    } finally {
      process.env = saved;
    }
    // Imports of the SDK's fromEnv/fromHttp would bring its config loaders and HTTP handler into every init.
    expect(bundle).not.toMatch(/from\s*"node:(https|http|stream|os|fs\/promises)"/);
  }, 60_000);

  it('reads a container credentials endpoint as the SDK does, with its token file, when the environment has no keys', async () => {
    const outdir = await bundleFixture('credentials-handler.ts');
    const { handler, sharedCredentials } = (await import(pathToFileURL(join(outdir, 'index.mjs')).href)) as {
      handler: () => Promise<unknown>;
      sharedCredentials: () => Promise<unknown>;
    };
    const received: IncomingHttpHeaders[] = [];
    let answers = [503, 200];
    const server = createServer((request, response) => {
      received.push(request.headers);
      const status = answers.shift() ?? 200;
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(
        status === 200
          ? JSON.stringify({
              AccessKeyId: 'ASIACONTAINER',
              SecretAccessKey: 'container-secret',
              Token: 'container-token',
              Expiration: '2099-01-01T00:00:00Z',
              AccountId: '111122223333',
            })
          : '{"message":"not yet"}',
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const tokenFile = join(outdir, 'token');
    writeFileSync(tokenFile, 'container-authorization\n');
    const saved = { ...process.env };
    try {
      for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'])
        delete process.env[name];
      Object.assign(process.env, {
        AWS_CONTAINER_CREDENTIALS_FULL_URI: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/credentials`,
        AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: tokenFile,
      });
      await expect(handler()).resolves.toStrictEqual({
        accessKeyId: 'ASIACONTAINER',
        secretAccessKey: 'container-secret',
        sessionToken: 'container-token',
        expiration: new Date('2099-01-01T00:00:00Z'),
        accountId: '111122223333',
      });
      // The first answer was a 503: asked again, each time with the token.
      expect(received.map((headers) => headers.authorization)).toStrictEqual([
        'container-authorization',
        'container-authorization',
      ]);
      // One provider asks once while its credentials are far from their expiration.
      const first = await sharedCredentials();
      expect(await sharedCredentials()).toBe(first);
      expect(received).toHaveLength(3);
      // Plain http only to a loopback or the ECS/EKS credentials addresses, as the SDK's fromHttp allows.
      process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI = 'http://credentials.example.com/v1/credentials';
      await expect(handler()).rejects.toThrow(
        'Container credentials endpoint http://credentials.example.com/v1/credentials must be https, or http on a loopback or the ECS/EKS credentials address',
      );
      answers = [500, 500, 500, 500];
      process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/credentials`;
      await expect(handler()).rejects.toThrow(
        /Could not read container credentials from http:\/\/127\.0\.0\.1:/,
      );
    } finally {
      process.env = saved;
      await new Promise((resolve) => server.close(resolve));
    }
  }, 60_000);
  it("evaluates the idempotency key's dotted JMESPath as Powertools' engine does, without bundling the engine", async () => {
    const outdir = await bundleFixture('jmespath-handler.ts');
    const bundle = readFileSync(join(outdir, 'index.mjs'), 'utf8');
    // The engine's lexer and its gzip function (with node:zlib) are left out.
    expect(bundle).not.toContain('powertools_base64_gzip');
    expect(bundle).not.toMatch(/node:zlib/);
    const { search, PowertoolsFunctions } = (await import(pathToFileURL(join(outdir, 'index.mjs')).href)) as {
      search: (expression: string, data: unknown) => unknown;
      PowertoolsFunctions: new () => object;
    };
    const event = { metadata: { id: 'evt-1', depth: 0, tags: ['a'], empty: null }, payload: [{ id: 'x' }] };
    const cases: [string, unknown][] = [
      ['metadata.id', event],
      ['metadata', event],
      ['metadata.depth', event],
      ['metadata.tags', event],
      ['metadata.empty', event],
      ['metadata.missing', event],
      ['metadata.id.more', event],
      ['payload.id', event],
      ['metadata.id', { metadata: 'not an object' }],
      ['metadata.id', { metadata: null }],
      ['metadata.id', null],
      ['metadata.id', []],
      ['metadata.id', 'text'],
      ['Field_2.x', { Field_2: { x: 1 } }],
    ];
    for (const [expression, data] of cases) {
      expect(search(expression, data), `${expression} of ${JSON.stringify(data)}`).toStrictEqual(
        realSearch(expression, data as Parameters<typeof realSearch>[1]),
      );
    }
    // Anything beyond a dotted path is refused, naming the expression, instead of evaluating it differently.
    for (const expression of [
      'metadata.tags[0]',
      'payload[*].id',
      'a || b',
      '"quoted".id',
      'length(a)',
      '',
    ]) {
      expect(() => search(expression, event)).toThrow(
        `JMESPath expression ${JSON.stringify(expression)} is not a dotted field path`,
      );
    }
    expect(new PowertoolsFunctions()).toBeInstanceOf(PowertoolsFunctions);
  }, 60_000);
});
