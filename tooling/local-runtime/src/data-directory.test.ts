import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dataDirectoryOf } from './data-directory';
import { loadRuntimeEnv } from './env';

describe('dataDirectoryOf', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'sfe-data-dir-'));
    await writeFile(join(root, 'pnpm-workspace.yaml'), 'packages: []\n');
    await mkdir(join(root, 'apps', 'one'), { recursive: true });
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('is .sfe at the workspace root by default, from wherever pnpm was run in it', () => {
    expect(dataDirectoryOf({}, join(root, 'apps', 'one'))).toBe(join(root, '.sfe'));
    expect(dataDirectoryOf({ INIT_CWD: join(root, 'apps') }, '/')).toBe(join(root, '.sfe'));
  });

  it('resolves SFE_DATA_DIR against where pnpm was run', () => {
    expect(dataDirectoryOf({ SFE_DATA_DIR: 'state', INIT_CWD: join(root, 'apps') }, '/')).toBe(
      join(root, 'apps', 'state'),
    );
    expect(dataDirectoryOf({ SFE_DATA_DIR: '/elsewhere' }, root)).toBe('/elsewhere');
  });

  it('is the directory the runtime itself uses', () => {
    const env = { SFE_DATA_DIR: 'state', INIT_CWD: join(root, 'apps') };
    expect(loadRuntimeEnv(env, '/').dataDirectory).toBe(dataDirectoryOf(env, '/'));
    expect(loadRuntimeEnv({}, join(root, 'apps', 'one')).dataDirectory).toBe(join(root, '.sfe'));
  });
});
