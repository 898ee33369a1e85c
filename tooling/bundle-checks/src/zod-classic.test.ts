import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { zodClassicSources } from './zod-classic';

const directories: string[] = [];
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

/** A bundle whose source map lists `sources`, as esbuild writes it beside `index.mjs`. */
function bundleWith(sources: unknown): string {
  const directory = mkdtempSync(join(tmpdir(), 'sfe-zod-classic-'));
  directories.push(directory);
  writeFileSync(join(directory, 'index.mjs'), 'export const handler = () => {};\n');
  writeFileSync(join(directory, 'index.mjs.map'), JSON.stringify({ version: 3, sources, mappings: '' }));
  return join(directory, 'index.mjs');
}

const ZOD = '../../../../node_modules/.pnpm/zod@4.6.7/node_modules/zod';

describe('zodClassicSources', () => {
  it('names the zod classic (and zod 3) modules a bundle holds', () => {
    const bundle = bundleWith([
      `${ZOD}/v4/core/schemas.js`,
      `${ZOD}/v4/classic/schemas.js`,
      `${ZOD}/v4/mini/schemas.js`,
      `${ZOD}\\v3\\types.js`,
      '../../../../packages/events/src/classic/not-zod.ts',
    ]);
    expect(zodClassicSources(bundle)).toStrictEqual([`${ZOD}/v4/classic/schemas.js`, `${ZOD}\\v3\\types.js`]);
  });

  it('finds none in a bundle of zod/mini and zod core', () => {
    expect(
      zodClassicSources(bundleWith([`${ZOD}/v4/core/core.js`, `${ZOD}/v4/mini/schemas.js`])),
    ).toStrictEqual([]);
  });

  it('refuses a bundle it cannot read the sources of', () => {
    expect(() => zodClassicSources(bundleWith(undefined))).toThrow(/lists no sources/);
    const bundle = bundleWith([]);
    rmSync(`${bundle}.map`);
    expect(() => zodClassicSources(bundle)).toThrow(/has no source map beside it/);
  });
});
