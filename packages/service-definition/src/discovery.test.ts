import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { discoverServices } from './discovery';

let root: string | undefined;
afterEach(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

async function app(name: string, exports: Record<string, string>, files: Record<string, string> = {}) {
  root ??= await mkdtemp(join(tmpdir(), 'sfe-discovery-'));
  const directory = join(root, 'apps', name);
  await mkdir(join(directory, 'src'), { recursive: true });
  await writeFile(join(directory, 'package.json'), JSON.stringify({ name: `@sfe/${name}`, exports }));
  for (const [file, text] of Object.entries(files)) await writeFile(join(directory, file), text);
  return directory;
}

const definitionOf = (name: string) =>
  `export const service = { kind: 'sfe-service', name: '${name}', subscriptions: [] };\n`;

describe('discoverServices', () => {
  it('finds every app exporting ./service, in folder order, and skips the others', async () => {
    const b = await app(
      'b-service',
      { './service': './src/service.ts' },
      { 'src/service.ts': definitionOf('b-service') },
    );
    const a = await app(
      'a-service',
      { './service': './src/service.ts' },
      { 'src/service.ts': definitionOf('a-service') },
    );
    await app('no-definition', { './handler': './src/handler.ts' });
    const found = await discoverServices({ root });
    expect(
      found.map(({ packageName, directory, definition }) => ({
        packageName,
        directory,
        name: definition.name,
      })),
    ).toStrictEqual([
      { packageName: '@sfe/a-service', directory: a, name: 'a-service' },
      { packageName: '@sfe/b-service', directory: b, name: 'b-service' },
    ]);
  });

  it('fails naming the file when ./service exports no definition', async () => {
    const directory = await app(
      'odd-service',
      { './service': './src/service.ts' },
      {
        'src/service.ts': 'export const service = { name: "odd-service" };\n',
      },
    );
    await expect(discoverServices({ root })).rejects.toThrow(
      `${join(directory, 'src/service.ts')} must export \`service\`, made with defineService()`,
    );
  });

  it('fails when a definition’s name is not its folder’s', async () => {
    await app(
      'sms-service',
      { './service': './src/service.ts' },
      { 'src/service.ts': definitionOf('text-service') },
    );
    await expect(discoverServices({ root })).rejects.toThrow(
      /defines "text-service" but lives in apps\/sms-service/,
    );
  });

  it('finds nothing in a workspace without apps', async () => {
    root = await mkdtemp(join(tmpdir(), 'sfe-discovery-'));
    expect(await discoverServices({ root })).toStrictEqual([]);
  });
});
