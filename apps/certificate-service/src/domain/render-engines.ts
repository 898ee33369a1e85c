/// <reference path="../types/subset-font.d.ts" />
// (The reference carries the types to every program that compiles this file, e.g. the CLI through the local runtime.)
import { createRequire } from 'node:module';
import type fontkit from '@pdf-lib/fontkit';

type Fontkit = typeof fontkit;
type PdfLib = typeof import('pdf-lib');
type SubsetFont = typeof import('subset-font').default;

// Loaded on first use with `require`, never bundled: pdf-lib (~0.45 MB with its standard fonts' metrics, pako and
// UPNG), fontkit (~0.9 MB) and the subsetter (HarfBuzz plus a WOFF2 codec, ~1.3 MB) would be most of the function's
// bundle, and a certificate filled in from the prepared template (`certificate-template.ts`) needs none of them:
// only a name or title outside the template's characters, or building the template, does. In Lambda they come
// pre-bundled from the certificate assets layer (`cdk/certificate-assets.ts`), found through NODE_PATH
// (`/opt/nodejs/node_modules`), which `require` honours and ESM `import` does not; elsewhere from node_modules.
const requireAtRunTime = createRequire(import.meta.url);

let pdfLibModule: PdfLib | undefined;
let fontkitModule: Fontkit | undefined;
let subsetFontModule: SubsetFont | undefined;

/** pdf-lib: what draws a whole certificate (`render-certificate.ts`). */
export function loadPdfLib(): PdfLib {
  pdfLibModule ??= requireAtRunTime('pdf-lib') as PdfLib;
  return pdfLibModule;
}

/** pdf-lib's font engine (`pdf.registerFontkit(loadFontkit())`). */
export function loadFontkit(): Fontkit {
  fontkitModule ??= requireAtRunTime('@pdf-lib/fontkit') as Fontkit;
  return fontkitModule;
}

/** HarfBuzz's subsetter (subset-font); it reads `harfbuzz-subset.wasm` on its first call. */
export function loadSubsetFont(): SubsetFont {
  subsetFontModule ??= requireAtRunTime('subset-font') as SubsetFont;
  return subsetFontModule;
}
