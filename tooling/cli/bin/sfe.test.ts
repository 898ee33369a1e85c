import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SINGLE_COMMANDS } from '../src/command-loader';

const LAUNCHER = new URL('./sfe.cjs', import.meta.url).pathname;
const MANIFEST = new URL('../dist/manifest.json', import.meta.url).pathname;
const WORKSPACE_ROOT = new URL('../../../', import.meta.url).pathname;

interface Manifest {
  entry: string;
  commandPaths: string[];
  tsxOnlyOptions: string[];
  inputs: Record<string, number>;
}

function sfe(
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [LAUNCHER, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

const readManifest = async (): Promise<Manifest> => JSON.parse(await readFile(MANIFEST, 'utf8'));

// Slow work on a loaded machine (a build, PGlite creating a store): explicit timeouts.
describe('bin/sfe.cjs, the launcher', () => {
  let dataDirectory: string;
  beforeAll(async () => {
    dataDirectory = await mkdtemp(join(tmpdir(), 'sfe-launcher-'));
  });
  afterAll(() => rm(dataDirectory, { recursive: true, force: true }));

  it('runs a read command from the bundle it keeps, built from the sources it names', async () => {
    const listed = await sfe(['dlq', 'list', '--json', '--data-dir', dataDirectory]);
    expect(listed).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(listed.stdout)).toEqual([]);
    const manifest = await readManifest();
    expect(manifest.commandPaths).toEqual(Object.keys(SINGLE_COMMANDS));
    expect(manifest.tsxOnlyOptions).toEqual(['--stage']);
    // One file: a read command loads one module of its own, whichever path it takes.
    const entry = new URL(`../dist/${manifest.entry}`, import.meta.url).pathname;
    expect(await readdir(join(entry, '..'))).toEqual(['read-main.cjs']);
    const inputs = Object.keys(manifest.inputs);
    expect(inputs).toEqual(
      expect.arrayContaining([
        'tooling/cli/src/read-main.ts',
        'tooling/cli/src/commands/report.ts',
        'tooling/local-runtime/src/access/runtime-access.ts',
        'tooling/local-runtime/src/store/local-store.ts',
        'pnpm-lock.yaml',
      ]),
    );
    // What a read command never runs is not in it, so the launcher checks only what is (some 45 files, not 270).
    expect(inputs).not.toContain('tooling/cli/src/commands/index.ts');
    expect(inputs).not.toContain('tooling/local-runtime/src/runtime.ts');
    expect(inputs).not.toContain('tooling/cli/src/stage/dead-letters.ts');
  }, 120_000);

  it('rebuilds the bundle when a file it was built from changed', async () => {
    const before = await readManifest();
    const source = 'tooling/cli/src/commands/report.ts';
    const actual = before.inputs[source] as number;
    // As if report.ts had been edited after the build: its recorded time is no longer the file's.
    await writeFile(
      MANIFEST,
      JSON.stringify({ ...before, inputs: { ...before.inputs, [source]: actual - 1000 } }),
    );
    const listed = await sfe(['dlq', 'list', '--json', '--data-dir', dataDirectory]);
    expect(listed).toMatchObject({ code: 0, stderr: '' });
    const after = await readManifest();
    expect(after.inputs[source]).toBe((await stat(join(WORKSPACE_ROOT, source))).mtimeMs);
    expect(after.entry).not.toBe(before.entry);
  }, 120_000);

  it('runs every other command line under tsx, passing its exit code on', async () => {
    const help = await sfe(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('test-event-pattern');
    const wrong = await sfe(['no-such-command']);
    expect(wrong.code).toBe(2);
  }, 120_000);

  it('runs a read command with --stage under tsx, which imports the service definitions it needs', async () => {
    // No region anywhere: the stage's code runs as far as its first AWS call and says what is missing. From the
    // bundle it could not start (plain node cannot import the service definitions' TypeScript).
    const env = Object.fromEntries(
      Object.entries(process.env).filter(
        ([name]) => !['AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_PROFILE'].includes(name),
      ),
    );
    for (const args of [
      ['dlq', 'list', '--stage', 'dev'],
      ['dlq', 'list', '--stage=dev'],
    ]) {
      const listed = await sfe(args, { ...env, AWS_CONFIG_FILE: join(dataDirectory, 'no-config') });
      expect(listed.code).toBe(1);
      expect(listed.stderr).toContain('listing the SQS queues of stage dev failed: no AWS region');
    }
  }, 120_000);
});
