import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
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
  }, 60_000);
});
