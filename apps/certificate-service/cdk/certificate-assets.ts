import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { buildSync } from 'esbuild';
import {
  CERTIFICATE_FONT_FILES,
  CERTIFICATE_TEMPLATE_FILES,
  COMMITTED_TEMPLATE_DIRECTORY,
} from '../src/fonts';

/** Where the layer mounts the font files in Lambda (`CERTIFICATE_FONT_DIRECTORY`). */
export const LAYER_FONT_DIRECTORY = '/opt/certificate-fonts';

const require = createRequire(import.meta.url);

/**
 * Builds the directory of the certificate assets layer: what the function needs to render but its bundle should
 * not carry (the bundle stays small and its module init fast; these load on the first render).
 * - `certificate-fonts/certificate-template.{pdf,json}`: the prepared certificate (`src/domain/certificate-template.ts`,
 *   committed in `assets/`), which most records only fill in, read at run time from `LAYER_FONT_DIRECTORY`.
 * - `certificate-fonts/*.ttf`: the typefaces, for a certificate with characters the template lacks.
 * - `nodejs/node_modules/{pdf-lib,subset-font,@pdf-lib/fontkit}/index.js`: pdf-lib, the subsetter and pdf-lib's
 *   font engine, each pre-bundled into one minified CommonJS file, which `src/domain/render-engines.ts` loads with
 *   `require`; Lambda puts `/opt/nodejs/node_modules` on NODE_PATH, so they resolve there.
 * - `nodejs/node_modules/harfbuzzjs/`: HarfBuzz's WebAssembly subsetter, which subset-font finds with
 *   `require.resolve`.
 * The same bytes give the same asset hash, so an unchanged layer is not republished.
 */
export function buildCertificateAssets(): string {
  const root = mkdtempSync(join(tmpdir(), 'certificate-assets-'));
  const fonts = join(root, 'certificate-fonts');
  mkdirSync(fonts, { recursive: true });
  for (const specifier of Object.values(CERTIFICATE_FONT_FILES)) {
    cpSync(require.resolve(specifier), join(fonts, basename(specifier)));
  }
  for (const name of Object.values(CERTIFICATE_TEMPLATE_FILES)) {
    cpSync(join(COMMITTED_TEMPLATE_DIRECTORY, name), join(fonts, name));
  }
  const subsetFont = dirname(require.resolve('subset-font/package.json'));
  const subsetRequire = createRequire(join(subsetFont, 'index.js'));
  const wasm = subsetRequire.resolve('harfbuzzjs/dist/harfbuzz-subset.wasm');
  const harfbuzz = join(root, 'nodejs', 'node_modules', 'harfbuzzjs');
  mkdirSync(join(harfbuzz, 'dist'), { recursive: true });
  // package.json carries the `exports` map that lets `require.resolve` reach the wasm file.
  cpSync(join(dirname(dirname(wasm)), 'package.json'), join(harfbuzz, 'package.json'));
  cpSync(wasm, join(harfbuzz, 'dist', 'harfbuzz-subset.wasm'));
  bundleLayerModule(root, 'pdf-lib');
  bundleLayerModule(root, 'subset-font');
  bundleLayerModule(root, '@pdf-lib/fontkit');
  return root;
}

/**
 * subset-font converts to and from WOFF2 with wawoff2 (1.2 MB of Emscripten output loaded with it); we only
 * ever ask for TrueType from TrueType, so in Lambda that codec is this stub, which says so if ever reached.
 */
const WOFF2_UNSUPPORTED = `const unsupported = () => {
  throw new Error('WOFF2 is not in the certificate assets layer: certificate fonts are TrueType');
};
module.exports = { compress: unsupported, decompress: unsupported };
`;

/**
 * pdf-lib, its PNG codec and its standard fonts' metrics compress and decompress with pako (zlib in JavaScript):
 * ~0.3 s of CPU of a cold whole render, deflating the embedded fonts (CPU profile of the first record). In Lambda
 * they call Node's own zlib through this: the same two functions, the same zlib format, native code.
 */
const PAKO_ON_NODE_ZLIB = `const zlib = require('node:zlib');
const bytes = (buffer) => new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
module.exports = {
  deflate: (data, options) => bytes(zlib.deflateSync(data, options && options.level !== undefined ? { level: options.level } : {})),
  inflate: (data) => bytes(zlib.inflateSync(data)),
};
`;

/** `nodejs/node_modules/<name>/index.js`: the package and its dependencies in one minified CommonJS file. */
function bundleLayerModule(root: string, name: string): void {
  const outdir = join(root, 'nodejs', 'node_modules', name);
  const stubs = mkdtempSync(join(tmpdir(), 'certificate-stubs-'));
  writeFileSync(join(stubs, 'woff2-unsupported.cjs'), WOFF2_UNSUPPORTED);
  writeFileSync(join(stubs, 'pako-on-node-zlib.cjs'), PAKO_ON_NODE_ZLIB);
  buildSync({
    entryPoints: [require.resolve(name)],
    outfile: join(outdir, 'index.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node24',
    minify: true,
    legalComments: 'none',
    alias: { wawoff2: join(stubs, 'woff2-unsupported.cjs'), pako: join(stubs, 'pako-on-node-zlib.cjs') },
    // Resolved at run time beside the module: the layer's `harfbuzzjs/` above.
    external: ['harfbuzzjs/*'],
    logLevel: 'warning',
  });
  writeFileSync(join(outdir, 'package.json'), `${JSON.stringify({ name, main: 'index.js' }, null, 2)}\n`);
}
