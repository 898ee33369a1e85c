import { readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type fontkit from '@pdf-lib/fontkit';
import type subsetFont from 'subset-font';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CertificateTemplateFile,
  fillCertificateTemplate,
  readCertificateTemplate,
} from '../src/domain/certificate-template';
import { CERTIFICATE_TEMPLATE_FILES } from '../src/fonts';
import { readPdfPage } from '../test/pdf-text';
import { sampleDocument } from '../test/sample-document';
import { buildCertificateAssets } from './certificate-assets';

let root: string;
let requireFromLayer: NodeRequire;
beforeAll(() => {
  root = buildCertificateAssets();
  // What Lambda does with NODE_PATH=/opt/nodejs/node_modules: resolve from the layer's node_modules.
  requireFromLayer = createRequire(join(root, 'nodejs', 'node_modules', 'index.js'));
}, 120_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('buildCertificateAssets', () => {
  it('holds the pre-bundled subsetter, which subsets a certificate font with the layer HarfBuzz', async () => {
    const subset = requireFromLayer('subset-font') as typeof subsetFont;
    expect(requireFromLayer.resolve('subset-font')).toBe(
      join(root, 'nodejs', 'node_modules', 'subset-font', 'index.js'),
    );
    const font = readFileSync(join(root, 'certificate-fonts', 'Cinzel_700Bold.ttf'));
    const cut = await subset(font, 'ADA', { targetFormat: 'truetype' });
    const engine = requireFromLayer('@pdf-lib/fontkit') as typeof fontkit;
    const parsed = engine.create(Buffer.from(cut));
    expect(cut.byteLength).toBeLessThan(font.byteLength / 5);
    expect(parsed.hasGlyphForCodePoint('A'.codePointAt(0) ?? 0)).toBe(true);
    expect(parsed.hasGlyphForCodePoint('Z'.codePointAt(0) ?? 0)).toBe(false);
  }, 60_000);

  it('holds the prepared certificate template, copied from assets/, which fills in a certificate', () => {
    const directory = join(root, 'certificate-fonts');
    const template = readCertificateTemplate(
      JSON.parse(
        readFileSync(join(directory, CERTIFICATE_TEMPLATE_FILES.file), 'utf8'),
      ) as CertificateTemplateFile,
      readFileSync(join(directory, CERTIFICATE_TEMPLATE_FILES.pdf)),
    );
    const pdf = fillCertificateTemplate(template, sampleDocument);
    expect(
      Buffer.from(pdf ?? [])
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    expect(Object.keys(template.faces).sort()).toStrictEqual([
      'display',
      'displayRegular',
      'script',
      'serif',
      'serifItalic',
      'serifSemiBold',
    ]);
  });

  it('holds pre-bundled pdf-lib, which the function loads from there (its bundle does not carry it)', async () => {
    expect(requireFromLayer.resolve('pdf-lib')).toBe(
      join(root, 'nodejs', 'node_modules', 'pdf-lib', 'index.js'),
    );
    const { PDFDocument } = requireFromLayer('pdf-lib') as typeof import('pdf-lib');
    const pdf = await PDFDocument.create();
    pdf.addPage();
    const saved = await PDFDocument.load(await pdf.save());
    expect(saved.getPageCount()).toBe(1);
  }, 60_000);

  it("renders a whole certificate with the layer's pdf-lib on Node's zlib (no pako), which pdf.js reads", async () => {
    const layerPdfLib = requireFromLayer('pdf-lib') as typeof import('pdf-lib');
    const bundle = readFileSync(requireFromLayer.resolve('pdf-lib'), 'utf8');
    expect(bundle).toContain('node:zlib');
    expect(bundle).not.toContain('pako deflate');
    const { PDFDocument, StandardFonts } = layerPdfLib;
    const pdf = await PDFDocument.create();
    // A standard font: its metrics are inflated, and the page's content stream deflated, through the stand-in.
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    pdf.addPage().drawText('Ada Lovelace', { font, size: 24, x: 50, y: 700 });
    const page = await readPdfPage(await pdf.save());
    expect(page.compact).toContain('AdaLovelace');
  }, 60_000);

  it('has no WOFF2 codec, and says so when asked for WOFF2', async () => {
    const subset = requireFromLayer('subset-font') as typeof subsetFont;
    const font = readFileSync(join(root, 'certificate-fonts', 'Cinzel_700Bold.ttf'));
    await expect(subset(font, 'ADA', { targetFormat: 'woff2' })).rejects.toThrow(
      'WOFF2 is not in the certificate assets layer',
    );
  }, 60_000);
});
