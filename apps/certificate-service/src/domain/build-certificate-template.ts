import type { PDFFont } from 'pdf-lib';
import {
  type CertificateFonts,
  type FaceRole,
  FIXED_TEXT_BY_ROLE,
  fixedRuns,
  PAGE,
} from './certificate-layout';
import type { CertificateTemplateFile, TemplateFaceFile } from './certificate-template';

/** The template's two files: the PDF and what to know to fill it in. */
export interface BuiltCertificateTemplate {
  readonly file: CertificateTemplateFile;
  readonly pdf: Uint8Array;
}

import { drawDecorations, drawRuns, embedSubsetFonts } from './render-certificate';
import { loadFontkit, loadPdfLib } from './render-engines';

/**
 * The characters a certificate's own text may use and still be filled in from the template: Basic Latin,
 * Latin-1, Latin Extended-A and -B (the Latin alphabets of Europe, Turkish, Romanian, Vietnamese base letters...),
 * dashes, quotes, the bullet, the ellipsis and the euro sign. A document with any other character is rendered
 * whole (`renderCertificatePdf`), so nothing is drawn wrong; each face keeps those of them it has.
 */
export const PREPARED_RANGES: readonly (readonly [number, number])[] = [
  [0x20, 0x7e],
  [0xa0, 0x17f],
  [0x218, 0x21b],
  [0x2010, 0x2027],
  [0x2030, 0x203a],
  [0x20ac, 0x20ac],
];

/** The faces that draw the learner's text (the others draw only fixed text). */
const LEARNER_ROLES: ReadonlySet<FaceRole> = new Set(['displayRegular', 'script', 'serif', 'serifSemiBold']);

/**
 * Builds the certificate template with pdf-lib, fontkit and HarfBuzz (`scripts/build-certificate-template.ts`,
 * whose output is committed in `assets/`). The same fonts and layout give the same bytes.
 */
export async function buildCertificateTemplate(fonts: CertificateFonts): Promise<BuiltCertificateTemplate> {
  const { PDFArray, PDFDocument, PDFName } = loadPdfLib();
  const roles = Object.keys(fonts) as FaceRole[];
  const prepared = Object.fromEntries(
    roles.map((role) => [
      role,
      FIXED_TEXT_BY_ROLE[role] + (LEARNER_ROLES.has(role) ? preparedCharacters() : ''),
    ]),
  ) as Record<FaceRole, string>;

  const pdf = await PDFDocument.create({ updateMetadata: false });
  pdf.registerFontkit(loadFontkit());
  const embedded = await embedSubsetFonts(pdf, fonts, prepared);
  const page = pdf.addPage([PAGE.width, PAGE.height]);
  drawDecorations(page);
  drawRuns(page, embedded, fixedRuns(embedded));
  // A name for every face in the page's resources, the learner's faces included, for the update to draw with.
  const resources = Object.fromEntries(
    roles.map((role) => [
      role,
      page.node.newFontDictionary(embedded[role].name, embedded[role].ref).toString(),
    ]),
  ) as Record<FaceRole, string>;
  const bytes = await pdf.save({ useObjectStreams: false });

  const tail = Buffer.from(bytes.subarray(-64)).toString('latin1');
  const startxref = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail)?.[1];
  const contents = page.node.get(PDFName.of('Contents'));
  const contentRefs =
    contents instanceof PDFArray ? contents.asArray().map(String) : [String(contents ?? '')];
  if (!startxref || !contentRefs.every((ref) => /^\d+ 0 R$/.test(ref))) {
    throw new Error('pdf-lib wrote no cross-reference table, or page contents that are not references');
  }
  const entries = page.node
    .entries()
    .filter(([key]) => !['/Contents', '/Annots'].includes(key.toString()))
    .map(([key, value]) => `${key.toString()} ${value.toString()}`);
  const file: CertificateTemplateFile = {
    format: 1,
    startxref: Number(startxref),
    size: pdf.context.largestObjectNumber + 1,
    root: String(pdf.context.trailerInfo.Root),
    page: {
      objectNumber: page.ref.objectNumber,
      entries: entries.join('\n'),
      contents: contentRefs,
    },
    faces: Object.fromEntries(
      roles.map((role) => [role, faceFile(embedded[role], resources[role], prepared[role])]),
    ) as Record<FaceRole, TemplateFaceFile>,
  };
  return { file, pdf: bytes };
}

function preparedCharacters(): string {
  let text = '';
  for (const [first, last] of PREPARED_RANGES) {
    for (let codePoint = first; codePoint <= last; codePoint += 1) text += String.fromCodePoint(codePoint);
  }
  return text;
}

/** Each character of `wanted` the embedded face has, with its glyph id and width as pdf-lib draws it. */
function faceFile(font: PDFFont, resource: string, wanted: string): TemplateFaceFile {
  const has = new Set(font.getCharacterSet());
  const glyphs: [number, number, number][] = [];
  for (const codePoint of new Set([...wanted].map((c) => c.codePointAt(0) ?? 0))) {
    if (!has.has(codePoint)) continue;
    const character = String.fromCodePoint(codePoint);
    const hex = /^<([0-9A-F]{4})>$/i.exec(font.encodeText(character).toString())?.[1];
    if (!hex) throw new Error(`U+${codePoint.toString(16)} is not one glyph in ${font.name}`);
    glyphs.push([codePoint, Number.parseInt(hex, 16), font.widthOfTextAtSize(character, 1000)]);
  }
  return { resource, glyphs: glyphs.sort((a, b) => a[0] - b[0]) };
}
