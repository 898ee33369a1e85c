import { cpSync, mkdirSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { CERTIFICATE_FONT_FILES } from '../src/fonts';

/** Where the layer mounts the font files in Lambda (`CERTIFICATE_FONT_DIRECTORY`). */
export const LAYER_FONT_DIRECTORY = '/opt/certificate-fonts';

const require = createRequire(import.meta.url);

/**
 * Builds the directory of the certificate assets layer: files the esbuild bundle cannot hold.
 * - `certificate-fonts/*.ttf`: the typefaces, read at run time from `LAYER_FONT_DIRECTORY`.
 * - `nodejs/node_modules/harfbuzzjs/`: HarfBuzz's WebAssembly subsetter, which subset-font finds with
 *   `require.resolve`; Lambda puts `/opt/nodejs/node_modules` on NODE_PATH, so it resolves there.
 * The same bytes give the same asset hash, so an unchanged layer is not republished.
 */
export function buildCertificateAssets(): string {
  const root = mkdtempSync(join(tmpdir(), 'certificate-assets-'));
  const fonts = join(root, 'certificate-fonts');
  mkdirSync(fonts, { recursive: true });
  for (const specifier of Object.values(CERTIFICATE_FONT_FILES)) {
    cpSync(require.resolve(specifier), join(fonts, basename(specifier)));
  }
  const subsetFont = dirname(require.resolve('subset-font/package.json'));
  const subsetRequire = createRequire(join(subsetFont, 'index.js'));
  const wasm = subsetRequire.resolve('harfbuzzjs/dist/harfbuzz-subset.wasm');
  const harfbuzz = join(root, 'nodejs', 'node_modules', 'harfbuzzjs');
  mkdirSync(join(harfbuzz, 'dist'), { recursive: true });
  // package.json carries the `exports` map that lets `require.resolve` reach the wasm file.
  cpSync(join(dirname(dirname(wasm)), 'package.json'), join(harfbuzz, 'package.json'));
  cpSync(wasm, join(harfbuzz, 'dist', 'harfbuzz-subset.wasm'));
  return root;
}
