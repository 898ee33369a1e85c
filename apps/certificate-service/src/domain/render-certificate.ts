import type { Color, PDFDocument, PDFFont, PDFPage } from 'pdf-lib';
import type { CertificateDocument } from './certificate';
import {
  type CertificateFonts,
  COLUMNS,
  type ColorName,
  certificateMetadata,
  type FaceRole,
  fixedRuns,
  learnerRuns,
  PAGE,
  PALETTE,
  SEAL,
  type TextRun,
  textByRole,
} from './certificate-layout';
import { loadFontkit, loadPdfLib } from './render-engines';
import { subsetTrueType } from './subset-font';

export type PdfFonts = Readonly<Record<FaceRole, PDFFont>>;

/**
 * Renders a one-page A4 landscape certificate with pdf-lib, every face subset to the characters this document
 * draws (a reader needs nothing installed; the PDF is ~26-32 KiB). No clock is read. It loads pdf-lib, fontkit and
 * HarfBuzz (`render-engines.ts`): the way for any text; `certificate-template.ts` is the fast one for the
 * characters the prepared template holds.
 */
export async function renderCertificatePdf(
  document: CertificateDocument,
  fontBytes: CertificateFonts,
): Promise<Uint8Array> {
  const { PDFDocument } = loadPdfLib();
  const pdf = await PDFDocument.create({ updateMetadata: false });
  pdf.registerFontkit(loadFontkit());
  const fonts = await embedSubsetFonts(pdf, fontBytes, textByRole(document));
  setMetadata(pdf, document);

  const page = pdf.addPage([PAGE.width, PAGE.height]);
  drawDecorations(page);
  const learner = learnerRuns(document, fonts, nameRoleFor(fonts, document.learnerName));
  drawRuns(page, fonts, [...fixedRuns(fonts), ...learner.runs]);
  addLink(pdf, page, document.verificationUrl, learner.link);
  return pdf.save({ useObjectStreams: true });
}

/**
 * Embeds each face subset to the characters of `text`. Subsetting is HarfBuzz's, not pdf-lib's:
 * @pdf-lib/fontkit writes glyph data of odd length unpadded, which corrupts every glyph after it in fonts such
 * as EB Garamond and Great Vibes. The small subset is then embedded whole.
 */
export async function embedSubsetFonts(
  pdf: PDFDocument,
  bytes: CertificateFonts,
  text: Readonly<Record<FaceRole, string>>,
): Promise<PdfFonts> {
  const roles = Object.keys(bytes) as FaceRole[];
  const fonts = await Promise.all(
    roles.map(async (role) =>
      pdf.embedFont(await subsetTrueType(bytes[role], text[role]), { subset: false }),
    ),
  );
  return Object.fromEntries(roles.map((role, index) => [role, fonts[index]])) as Record<FaceRole, PDFFont>;
}

/** pdf-lib's colour for a palette name. */
function colorOf(name: ColorName): Color {
  const [red, green, blue] = PALETTE[name];
  return loadPdfLib().rgb(red, green, blue);
}

/** Draws text runs, each with its face, size, colour and character spacing. */
export function drawRuns(page: PDFPage, fonts: PdfFonts, runs: readonly TextRun[]): void {
  const { setCharacterSpacing } = loadPdfLib();
  for (const run of runs) {
    if (run.spacing) page.pushOperators(setCharacterSpacing(run.spacing));
    page.drawText(run.text, {
      x: run.x,
      y: run.y,
      size: run.size,
      font: fonts[run.role],
      color: colorOf(run.color),
    });
    if (run.spacing) page.pushOperators(setCharacterSpacing(0));
  }
}

function setMetadata(pdf: PDFDocument, document: CertificateDocument): void {
  const metadata = certificateMetadata(document);
  pdf.setTitle(metadata.title);
  pdf.setSubject(metadata.subject);
  pdf.setAuthor(metadata.author);
  pdf.setCreator(metadata.creator);
  pdf.setProducer(metadata.producer);
  pdf.setKeywords([...metadata.keywords]);
  pdf.setCreationDate(document.issuedAt);
  pdf.setModificationDate(document.issuedAt);
}

/** Makes an area of the page open `url` when clicked (a PDF URI link annotation; pdf-lib has no helper). */
function addLink(
  pdf: PDFDocument,
  page: PDFPage,
  url: string,
  area: { x: number; y: number; width: number; height: number },
): void {
  const { PDFName, PDFString } = loadPdfLib();
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

/** Everything on the page but text: paper, frame, ornament, rules and the seal's discs. */
export function drawDecorations(page: PDFPage): void {
  const { width, height } = PAGE;
  const centre = width / 2;
  drawFrame(page, width, height);
  drawOrnament(page, centre, height - 198);
  page.drawLine({
    start: { x: centre - 210, y: height - 322 },
    end: { x: centre + 210, y: height - 322 },
    thickness: 0.75,
    color: colorOf('gold'),
  });
  for (const x of [COLUMNS.left, COLUMNS.right]) {
    page.drawLine({
      start: { x: x - 105, y: COLUMNS.y },
      end: { x: x + 105, y: COLUMNS.y },
      thickness: 0.75,
      color: colorOf('navy'),
    });
  }
  page.drawCircle({ x: SEAL.x, y: SEAL.y, size: 40, color: colorOf('gold') });
  page.drawCircle({ x: SEAL.x, y: SEAL.y, size: 35, borderColor: colorOf('paper'), borderWidth: 1 });
  page.drawCircle({ x: SEAL.x, y: SEAL.y, size: 32, borderColor: colorOf('paper'), borderWidth: 0.5 });
}

function drawFrame(page: PDFPage, width: number, height: number): void {
  page.drawRectangle({ x: 0, y: 0, width, height, color: colorOf('paper') });
  page.drawRectangle({
    x: 22,
    y: 22,
    width: width - 44,
    height: height - 44,
    borderColor: colorOf('navy'),
    borderWidth: 5,
  });
  page.drawRectangle({
    x: 34,
    y: 34,
    width: width - 68,
    height: height - 68,
    borderColor: colorOf('gold'),
    borderWidth: 1.25,
  });
  page.drawRectangle({
    x: 39,
    y: 39,
    width: width - 78,
    height: height - 78,
    borderColor: colorOf('gold'),
    borderWidth: 0.5,
  });
  for (const [x, y] of [
    [34, 34],
    [width - 34, 34],
    [34, height - 34],
    [width - 34, height - 34],
  ] as const) {
    drawDiamond(page, x, y, 9, 'navy');
    drawDiamond(page, x, y, 4.5, 'gold');
  }
}

function drawDiamond(page: PDFPage, x: number, y: number, radius: number, color: ColorName): void {
  page.drawSvgPath(`M 0 ${-radius} L ${radius} 0 L 0 ${radius} L ${-radius} 0 Z`, {
    x,
    y,
    color: colorOf(color),
  });
}

function drawOrnament(page: PDFPage, centre: number, y: number): void {
  const gold = colorOf('gold');
  page.drawLine({ start: { x: centre - 120, y }, end: { x: centre - 14, y }, thickness: 0.75, color: gold });
  page.drawLine({ start: { x: centre + 14, y }, end: { x: centre + 120, y }, thickness: 0.75, color: gold });
  drawDiamond(page, centre, y, 5, 'gold');
}

/** The script face if it has a glyph for every character of the name, else the italic (e.g. Greek). */
function nameRoleFor(fonts: PdfFonts, name: string): 'script' | 'serifItalic' {
  const codePoints = [...name].map((c) => c.codePointAt(0) ?? 0).filter((c) => c > 32);
  const supported = new Set(fonts.script.getCharacterSet());
  return codePoints.every((c) => supported.has(c)) ? 'script' : 'serifItalic';
}
