import {
  PageSizes,
  PDFDocument,
  type PDFFont,
  PDFName,
  type PDFPage,
  PDFString,
  rgb,
  setCharacterSpacing,
} from 'pdf-lib';
import type { CertificateDocument } from './certificate';
import { loadFontkit } from './font-engines';
import { subsetTrueType } from './subset-font';

/** The typefaces of a certificate, as TTF/OTF bytes: every one is embedded (subset) in the PDF. */
export interface CertificateFonts {
  /** Engraved capitals for the title (Cinzel Bold). */
  readonly display: Uint8Array;
  /** Capitals for small labels (Cinzel Regular). */
  readonly displayRegular: Uint8Array;
  /** The learner's name (Great Vibes). */
  readonly script: Uint8Array;
  /** Body text (EB Garamond). */
  readonly serif: Uint8Array;
  readonly serifItalic: Uint8Array;
  readonly serifSemiBold: Uint8Array;
}

const NAVY = rgb(0.106, 0.165, 0.29);
const GOLD = rgb(0.694, 0.549, 0.259);
const INK = rgb(0.18, 0.18, 0.2);
const MUTED = rgb(0.42, 0.42, 0.45);
const PAPER = rgb(0.992, 0.98, 0.953);

interface Fonts {
  readonly display: PDFFont;
  readonly displayRegular: PDFFont;
  readonly script: PDFFont;
  readonly serif: PDFFont;
  readonly serifItalic: PDFFont;
  readonly serifSemiBold: PDFFont;
}

/**
 * Renders a one-page A4 landscape certificate. Fonts are embedded and subset (a reader needs nothing
 * installed); long names and titles shrink, then wrap, to stay inside the frame. No clock is read.
 */
export async function renderCertificatePdf(
  document: CertificateDocument,
  fontBytes: CertificateFonts,
): Promise<Uint8Array> {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  pdf.registerFontkit(loadFontkit());
  const fonts = await embedFonts(pdf, fontBytes, textByFont(document));
  setMetadata(pdf, document);

  const [height, width] = PageSizes.A4; // landscape
  const page = pdf.addPage([width, height]);
  drawFrame(page, width, height);
  const centre = width / 2;

  drawCentred(page, document.issuer.toUpperCase(), {
    font: fonts.displayRegular,
    size: 11,
    y: height - 92,
    centre,
    color: GOLD,
    spacing: 3,
  });
  drawCentred(page, COPY.title, {
    font: fonts.display,
    size: 46,
    y: height - 150,
    centre,
    color: NAVY,
    spacing: 6,
  });
  drawCentred(page, COPY.subtitle, {
    font: fonts.displayRegular,
    size: 15,
    y: height - 178,
    centre,
    color: GOLD,
    spacing: 5,
  });
  drawOrnament(page, centre, height - 198);

  drawCentred(page, COPY.certifies, {
    font: fonts.serifItalic,
    size: 15,
    y: height - 236,
    centre,
    color: MUTED,
  });
  const nameFont = pickFont([fonts.script, fonts.serifItalic], document.learnerName);
  const nameSize = fitSize(nameFont, document.learnerName, 48, 22, 560);
  drawCentred(page, document.learnerName, {
    font: nameFont,
    size: nameSize,
    y: height - 298,
    centre,
    color: NAVY,
  });
  page.drawLine({
    start: { x: centre - 210, y: height - 322 },
    end: { x: centre + 210, y: height - 322 },
    thickness: 0.75,
    color: GOLD,
  });

  drawCentred(page, COPY.completed, {
    font: fonts.serifItalic,
    size: 15,
    y: height - 352,
    centre,
    color: MUTED,
  });
  const titleLines = fitLines(fonts.serifSemiBold, document.courseTitle, 26, 15, 600, 2);
  titleLines.lines.forEach((line, index) => {
    drawCentred(page, line, {
      font: fonts.serifSemiBold,
      size: titleLines.size,
      y: height - 390 - index * titleLines.size * 1.2,
      centre,
      color: INK,
    });
  });

  drawSignatureColumn(page, fonts, {
    x: 190,
    y: 132,
    value: document.completionDate,
    label: COPY.dateLabel,
  });
  drawSignatureColumn(page, fonts, {
    x: width - 190,
    y: 132,
    value: document.issuer,
    label: COPY.issuerLabel,
  });
  drawSeal(page, fonts, centre, 128);

  drawCentred(page, `${COPY.certificateId}${document.certificateId}`, {
    font: fonts.serif,
    size: 9,
    y: 74,
    centre,
    color: MUTED,
  });
  const verifyLine = `${COPY.verify}${document.verificationUrl}`;
  const verifySize = fitSize(fonts.serif, verifyLine, 9, 6, width - 140);
  drawCentred(page, verifyLine, { font: fonts.serif, size: verifySize, y: 61, centre, color: MUTED });
  addLink(pdf, page, document.verificationUrl, {
    x: centre - fonts.serif.widthOfTextAtSize(verifyLine, verifySize) / 2,
    y: 61 - verifySize * 0.3,
    width: fonts.serif.widthOfTextAtSize(verifyLine, verifySize),
    height: verifySize * 1.3,
  });

  return pdf.save({ useObjectStreams: true });
}

const COPY = {
  title: 'CERTIFICATE',
  subtitle: 'OF COMPLETION',
  certifies: 'This is to certify that',
  completed: 'has successfully completed the course',
  dateLabel: 'DATE OF COMPLETION',
  issuerLabel: 'ISSUED BY',
  sealMark: 'SFE',
  sealLabel: 'CERTIFIED',
  certificateId: 'Certificate ID  ',
  verify: 'Verify this certificate at ',
  ellipsis: '…',
} as const;

/** Every character each face may draw for this document: the subset must hold all of them. */
function textByFont(document: CertificateDocument): Record<keyof CertificateFonts, string> {
  return {
    display: COPY.title + COPY.sealMark,
    displayRegular:
      document.issuer.toUpperCase() + COPY.subtitle + COPY.dateLabel + COPY.issuerLabel + COPY.sealLabel,
    script: document.learnerName,
    serif:
      document.completionDate +
      document.issuer +
      COPY.certificateId +
      document.certificateId +
      COPY.verify +
      document.verificationUrl,
    // The learner's name falls back to the italic when the script face lacks a character.
    serifItalic: COPY.certifies + COPY.completed + document.learnerName,
    serifSemiBold: document.courseTitle + COPY.ellipsis,
  };
}

/**
 * Embeds each face subset to the characters it draws. Subsetting is HarfBuzz's, not pdf-lib's:
 * @pdf-lib/fontkit writes glyph data of odd length unpadded, which corrupts every glyph after it in fonts such
 * as EB Garamond and Great Vibes. The small subset is then embedded whole.
 */
async function embedFonts(
  pdf: PDFDocument,
  bytes: CertificateFonts,
  text: Record<keyof CertificateFonts, string>,
): Promise<Fonts> {
  const embed = async (role: keyof CertificateFonts) =>
    pdf.embedFont(await subsetTrueType(bytes[role], text[role]), { subset: false });
  const [display, displayRegular, script, serif, serifItalic, serifSemiBold] = await Promise.all([
    embed('display'),
    embed('displayRegular'),
    embed('script'),
    embed('serif'),
    embed('serifItalic'),
    embed('serifSemiBold'),
  ]);
  return { display, displayRegular, script, serif, serifItalic, serifSemiBold };
}

function setMetadata(pdf: PDFDocument, document: CertificateDocument): void {
  pdf.setTitle(`Certificate of Completion: ${document.courseTitle}`);
  pdf.setSubject(`${document.learnerName} completed ${document.courseTitle} on ${document.completionDate}`);
  pdf.setAuthor(document.issuer);
  pdf.setCreator(document.issuer);
  pdf.setProducer('sfe certificate-service (pdf-lib)');
  pdf.setKeywords(['certificate', document.certificateId]);
  pdf.setCreationDate(document.issuedAt);
  pdf.setModificationDate(document.issuedAt);
}

interface TextStyle {
  readonly font: PDFFont;
  readonly size: number;
  readonly y: number;
  readonly centre: number;
  readonly color: ReturnType<typeof rgb>;
  /** Extra space after each character (PDF `Tc`), for engraved-looking capitals. */
  readonly spacing?: number;
}

function drawCentred(page: PDFPage, text: string, style: TextStyle): void {
  const spacing = style.spacing ?? 0;
  // Tc adds space after every glyph, the last included: leave it out of the centring.
  const width = style.font.widthOfTextAtSize(text, style.size) + spacing * Math.max(0, [...text].length - 1);
  if (spacing) page.pushOperators(setCharacterSpacing(spacing));
  page.drawText(text, {
    x: style.centre - width / 2,
    y: style.y,
    size: style.size,
    font: style.font,
    color: style.color,
  });
  if (spacing) page.pushOperators(setCharacterSpacing(0));
}

/** Makes an area of the page open `url` when clicked (a PDF URI link annotation; pdf-lib has no helper). */
function addLink(
  pdf: PDFDocument,
  page: PDFPage,
  url: string,
  area: { x: number; y: number; width: number; height: number },
): void {
  const link = pdf.context.register(
    pdf.context.obj({
      Type: 'Annot',
      Subtype: 'Link',
      Rect: [area.x, area.y, area.x + area.width, area.y + area.height],
      Border: [0, 0, 0],
      A: { Type: 'Action', S: 'URI', URI: PDFString.of(url) },
    }),
  );
  page.node.set(PDFName.of('Annots'), pdf.context.obj([link]));
}

function drawFrame(page: PDFPage, width: number, height: number): void {
  page.drawRectangle({ x: 0, y: 0, width, height, color: PAPER });
  page.drawRectangle({
    x: 22,
    y: 22,
    width: width - 44,
    height: height - 44,
    borderColor: NAVY,
    borderWidth: 5,
  });
  page.drawRectangle({
    x: 34,
    y: 34,
    width: width - 68,
    height: height - 68,
    borderColor: GOLD,
    borderWidth: 1.25,
  });
  page.drawRectangle({
    x: 39,
    y: 39,
    width: width - 78,
    height: height - 78,
    borderColor: GOLD,
    borderWidth: 0.5,
  });
  for (const [x, y] of [
    [34, 34],
    [width - 34, 34],
    [34, height - 34],
    [width - 34, height - 34],
  ] as const) {
    drawDiamond(page, x, y, 9, NAVY);
    drawDiamond(page, x, y, 4.5, GOLD);
  }
}

function drawDiamond(
  page: PDFPage,
  x: number,
  y: number,
  radius: number,
  color: ReturnType<typeof rgb>,
): void {
  page.drawSvgPath(`M 0 ${-radius} L ${radius} 0 L 0 ${radius} L ${-radius} 0 Z`, { x, y, color });
}

function drawOrnament(page: PDFPage, centre: number, y: number): void {
  page.drawLine({ start: { x: centre - 120, y }, end: { x: centre - 14, y }, thickness: 0.75, color: GOLD });
  page.drawLine({ start: { x: centre + 14, y }, end: { x: centre + 120, y }, thickness: 0.75, color: GOLD });
  drawDiamond(page, centre, y, 5, GOLD);
}

function drawSignatureColumn(
  page: PDFPage,
  fonts: Fonts,
  column: { x: number; y: number; value: string; label: string },
): void {
  const size = fitSize(fonts.serif, column.value, 15, 9, 200);
  drawCentred(page, column.value, { font: fonts.serif, size, y: column.y + 8, centre: column.x, color: INK });
  page.drawLine({
    start: { x: column.x - 105, y: column.y },
    end: { x: column.x + 105, y: column.y },
    thickness: 0.75,
    color: NAVY,
  });
  drawCentred(page, column.label, {
    font: fonts.displayRegular,
    size: 8,
    y: column.y - 15,
    centre: column.x,
    color: MUTED,
    spacing: 1.5,
  });
}

function drawSeal(page: PDFPage, fonts: Fonts, x: number, y: number): void {
  page.drawCircle({ x, y, size: 40, color: GOLD });
  page.drawCircle({ x, y, size: 35, borderColor: PAPER, borderWidth: 1 });
  page.drawCircle({ x, y, size: 32, borderColor: PAPER, borderWidth: 0.5 });
  drawCentred(page, COPY.sealMark, {
    font: fonts.display,
    size: 16,
    y: y - 2,
    centre: x,
    color: PAPER,
    spacing: 2,
  });
  drawCentred(page, COPY.sealLabel, {
    font: fonts.displayRegular,
    size: 6,
    y: y - 14,
    centre: x,
    color: PAPER,
    spacing: 1.2,
  });
}

/** The first font that has a glyph for every character (a script face may lack e.g. Cyrillic). */
function pickFont(candidates: readonly PDFFont[], text: string): PDFFont {
  const codePoints = [...text].map((c) => c.codePointAt(0) ?? 0).filter((c) => c > 32);
  for (const font of candidates) {
    const supported = new Set(font.getCharacterSet());
    if (codePoints.every((c) => supported.has(c))) return font;
  }
  return candidates[candidates.length - 1] as PDFFont;
}

/** The largest size from `max` down to `min` at which `text` fits `maxWidth` (at least `min`). */
function fitSize(font: PDFFont, text: string, max: number, min: number, maxWidth: number): number {
  const width = font.widthOfTextAtSize(text, max);
  if (width <= maxWidth) return max;
  return Math.max(min, Math.floor(((max * maxWidth) / width) * 10) / 10);
}

/** Shrinks `text` to one line if it can stay above `min`, otherwise wraps it into at most `maxLines`. */
function fitLines(
  font: PDFFont,
  text: string,
  max: number,
  min: number,
  maxWidth: number,
  maxLines: number,
): { lines: string[]; size: number } {
  const oneLine = fitSize(font, text, max, min, maxWidth);
  if (font.widthOfTextAtSize(text, oneLine) <= maxWidth && oneLine >= max * 0.8) {
    return { lines: [text], size: oneLine };
  }
  for (let size = max; size >= min; size -= 1) {
    const lines = wrap(font, text, size, maxWidth);
    if (lines.length <= maxLines) return { lines, size };
  }
  const lines = wrap(font, text, min, maxWidth);
  const kept = lines.slice(0, maxLines);
  if (lines.length > maxLines) kept[maxLines - 1] = `${kept[maxLines - 1]}${COPY.ellipsis}`;
  return { lines: kept, size: min };
}

function wrap(font: PDFFont, text: string, size: number, maxWidth: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && font.widthOfTextAtSize(candidate, size) > maxWidth) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line) lines.push(line);
  return lines;
}
