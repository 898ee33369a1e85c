import { deflateSync } from 'node:zlib';
import type { CertificateDocument } from './certificate';
import {
  certificateMetadata,
  type Face,
  type FaceRole,
  learnerRuns,
  learnerTextByRole,
  PALETTE,
  type TextRun,
} from './certificate-layout';

/**
 * The prepared certificate, built ahead of time (`build-certificate-template.ts`) as two files: a one-page PDF with
 * everything but the learner's text drawn (frame, seal, fixed lines) and every face embedded with the characters a
 * certificate may need (Latin, Latin Extended-A, common punctuation), ending with a classic cross-reference table
 * (no object streams); and this, as JSON: where to add to it and, per face, the page's name for it and the glyph id
 * and advance width of each of those characters.
 */
export interface CertificateTemplateFile {
  readonly format: 1;
  /** Byte offset of the PDF's cross-reference table (its `startxref`). */
  readonly startxref: number;
  /** The trailer's `/Size`: the first object number an update may use. */
  readonly size: number;
  /** The catalog, as a reference (`1 0 R`). */
  readonly root: string;
  readonly page: {
    readonly objectNumber: number;
    /** The page dictionary's entries but `/Contents` and `/Annots`, in PDF syntax. */
    readonly entries: string;
    /** Its content streams, as references. */
    readonly contents: readonly string[];
  };
  readonly faces: Readonly<Record<FaceRole, TemplateFaceFile>>;
}

export interface TemplateFaceFile {
  /** The page's resource name of the face (`/EBGaramond-Regular-8123`). */
  readonly resource: string;
  /** `[code point, glyph id, advance width at 1000 units per em]` for each character the face holds. */
  readonly glyphs: readonly (readonly [number, number, number])[];
}

/** The template ready to fill: the PDF's bytes and each face's characters by code point. */
export interface CertificateTemplate {
  readonly file: CertificateTemplateFile;
  readonly pdf: Uint8Array;
  readonly faces: Readonly<Record<FaceRole, TemplateFace>>;
}

interface TemplateFace extends Face {
  readonly resource: string;
  /** Glyph id by code point, -1 where the face has none (typed arrays: built in ~1 ms, where Maps took ~8). */
  readonly ids: Int32Array;
  /** Advance width at 1000 units per em, by code point. */
  readonly widths: Float64Array;
}

/** The face's glyph id for a code point, or undefined. */
function glyphId(face: TemplateFace, codePoint: number): number | undefined {
  const id = face.ids[codePoint];
  return id === undefined || id < 0 ? undefined : id;
}

export class CertificateTemplateError extends Error {
  override readonly name = 'CertificateTemplateError';
}

/** The template from its two files (checked enough to fail clearly on files of another kind). */
export function readCertificateTemplate(file: CertificateTemplateFile, pdf: Uint8Array): CertificateTemplate {
  const isPdf = Buffer.from(pdf.subarray(0, 5)).toString('latin1') === '%PDF-';
  if (file.format !== 1 || typeof file.faces !== 'object' || !isPdf) {
    throw new CertificateTemplateError('not a certificate template (format 1) and its PDF');
  }
  const faces = Object.fromEntries(
    Object.entries(file.faces).map(([role, face]) => [role, templateFace(face)]),
  ) as Record<FaceRole, TemplateFace>;
  return { file, pdf, faces };
}

function templateFace(face: TemplateFaceFile): TemplateFace {
  const size = Math.max(0, ...face.glyphs.map(([codePoint]) => codePoint)) + 1;
  const ids = new Int32Array(size).fill(-1);
  const widths = new Float64Array(size);
  for (const [codePoint, id, width] of face.glyphs) {
    ids[codePoint] = id;
    widths[codePoint] = width;
  }
  return {
    resource: face.resource,
    ids,
    widths,
    // As pdf-lib measures an embedded font (CustomFontEmbedder.widthOfTextAtSize), so a line is laid out the same
    // whichever way the certificate is made: advance widths at 1000 units per em, summed, then sized.
    widthOfTextAtSize(text, size) {
      let total = 0;
      for (const character of text) total += widths[character.codePointAt(0) ?? 0] ?? 0;
      return total * (size / 1000);
    },
  };
}

/** Whether the template holds every character this document draws (otherwise render it whole). */
export function templateCovers(template: CertificateTemplate, document: CertificateDocument): boolean {
  const text = learnerTextByRole(document);
  const covered = (Object.keys(text) as FaceRole[]).every((role) =>
    [...text[role]].every((c) => glyphId(template.faces[role], c.codePointAt(0) ?? 0) !== undefined),
  );
  // The link's URI is written as a PDF literal string of ASCII (PDF 32000-1, 12.6.4.7: URIs are 7-bit ASCII).
  return covered && /^[\x20-\x7e]*$/.test(document.verificationUrl);
}

/**
 * The certificate: the template with the learner's text added, or `undefined` when the template lacks one of
 * its characters (a name in Greek, say), for the caller to render it whole with pdf-lib. Laid out by the same
 * code as pdf-lib's rendering (`learnerRuns`) with the same widths, so the page is the same.
 *
 * Written as a PDF incremental update (PDF 32000-1, 7.5.6) after the template's bytes: a content stream with
 * the text, the verification link, the document information, the page with both added, a cross-reference
 * section for them and a trailer pointing back to the template's. Hand-written because pdf-lib cannot draw with
 * the fonts of a loaded document, and because loading pdf-lib (~0.45 MB) and parsing and re-writing the whole
 * file cost more than the rest of a record; pdf-lib builds the template and reads the result back in the tests.
 */
export function fillCertificateTemplate(
  template: CertificateTemplate,
  document: CertificateDocument,
): Uint8Array | undefined {
  if (!templateCovers(template, document)) return undefined;
  const { runs, link } = learnerRuns(document, template.faces, 'script');
  const content = deflateSync(
    Buffer.from(runs.map((run) => textOperators(template, run)).join('\n'), 'latin1'),
  );
  const metadata = certificateMetadata(document);
  const information = {
    Title: metadata.title,
    Subject: metadata.subject,
    Author: metadata.author,
    Creator: metadata.creator,
    Producer: metadata.producer,
    Keywords: metadata.keywords.join(' '),
  };
  const { file } = template;
  const [contentNumber, linkNumber, infoNumber] = [file.size, file.size + 1, file.size + 2];
  const update = new PdfUpdate(template.pdf);
  update.object(
    contentNumber,
    Buffer.concat([
      Buffer.from(`<< /Length ${content.byteLength} /Filter /FlateDecode >>\nstream\n`, 'latin1'),
      content,
      Buffer.from('\nendstream', 'latin1'),
    ]),
  );
  const rect = [link.x, link.y, link.x + link.width, link.y + link.height].map(pdfNumber).join(' ');
  update.object(
    linkNumber,
    `<< /Type /Annot /Subtype /Link /Rect [${rect}] /Border [0 0 0] ` +
      `/A << /Type /Action /S /URI /URI ${pdfLiteralString(document.verificationUrl)} >> >>`,
  );
  const date = pdfDate(document.issuedAt);
  const info = Object.entries(information).map(([key, value]) => `/${key} ${pdfTextString(value)}`);
  update.object(infoNumber, `<< ${info.join(' ')} /CreationDate ${date} /ModDate ${date} >>`);
  update.object(
    file.page.objectNumber,
    `<<\n${file.page.entries}\n/Contents [${[...file.page.contents, `${contentNumber} 0 R`].join(' ')}]\n` +
      `/Annots [${linkNumber} 0 R]\n>>`,
  );
  return update.finish(
    `/Size ${infoNumber + 1} /Root ${file.root} /Info ${infoNumber} 0 R /Prev ${file.startxref}`,
  );
}

/** A run as pdf-lib's `drawText` writes it (glyph ids as a hex string: the faces are Identity-H CID fonts). */
function textOperators(template: CertificateTemplate, run: TextRun): string {
  const face = template.faces[run.role];
  let glyphIds = '';
  for (const character of run.text) {
    const id = glyphId(face, character.codePointAt(0) ?? 0);
    // templateCovers checked every character; a layout that drew another one would be a bug here.
    if (id === undefined) {
      throw new CertificateTemplateError(`no glyph for U+${character.codePointAt(0)?.toString(16)}`);
    }
    glyphIds += id.toString(16).toUpperCase().padStart(4, '0');
  }
  const color = PALETTE[run.color].map(pdfNumber).join(' ');
  return [
    'q',
    'BT',
    `${color} rg`,
    `${face.resource} ${pdfNumber(run.size)} Tf`,
    ...(run.spacing ? [`${pdfNumber(run.spacing)} Tc`] : []),
    `1 0 0 1 ${pdfNumber(run.x)} ${pdfNumber(run.y)} Tm`,
    `<${glyphIds}> Tj`,
    'ET',
    'Q',
  ].join('\n');
}

/** Objects appended after a PDF, then their cross-reference section and trailer. */
class PdfUpdate {
  private readonly chunks: Buffer[];
  private length: number;
  private readonly offsets = new Map<number, number>();

  constructor(base: Uint8Array) {
    this.chunks = [Buffer.from(base.buffer, base.byteOffset, base.byteLength), Buffer.from('\n')];
    this.length = base.byteLength + 1;
  }

  object(objectNumber: number, body: string | Buffer): void {
    this.offsets.set(objectNumber, this.length);
    this.push(`${objectNumber} 0 obj\n`);
    this.push(body);
    this.push('\nendobj\n');
  }

  finish(trailer: string): Uint8Array {
    const xref = this.length;
    const numbers = [...this.offsets.keys()].sort((a, b) => a - b);
    let table = 'xref\n';
    for (let index = 0; index < numbers.length; ) {
      // One subsection per run of consecutive object numbers.
      let end = index;
      while (numbers[end + 1] === (numbers[end] ?? 0) + 1) end += 1;
      table += `${numbers[index]} ${end - index + 1}\n`;
      for (const number of numbers.slice(index, end + 1)) {
        table += `${String(this.offsets.get(number)).padStart(10, '0')} 00000 n\r\n`;
      }
      index = end + 1;
    }
    this.push(`${table}trailer\n<< ${trailer} >>\nstartxref\n${xref}\n%%EOF\n`);
    return Buffer.concat(this.chunks);
  }

  private push(chunk: string | Buffer): void {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk;
    this.chunks.push(bytes);
    this.length += bytes.byteLength;
  }
}

/** A number in PDF syntax: no exponent, at most 4 decimals (1/10000 pt). */
function pdfNumber(value: number): string {
  return String(Number(value.toFixed(4)));
}

/** A text string as pdf-lib writes document information: UTF-16BE with a byte order mark, in hex. */
function pdfTextString(value: string): string {
  let hex = 'FEFF';
  for (let index = 0; index < value.length; index += 1) {
    hex += value.charCodeAt(index).toString(16).toUpperCase().padStart(4, '0');
  }
  return `<${hex}>`;
}

/** An ASCII string as a PDF literal string. */
function pdfLiteralString(value: string): string {
  return `(${value.replace(/[\\()]/g, (c) => `\\${c}`)})`;
}

/** `(D:YYYYMMDDHHmmSSZ)`, as pdf-lib writes a date (`PDFString.fromDate`). */
function pdfDate(date: Date): string {
  const digits = date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return `(D:${digits}Z)`;
}
