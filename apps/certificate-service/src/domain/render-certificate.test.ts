import fontkit from '@pdf-lib/fontkit';
import { decodePDFRawStream, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFString } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { compact, readPdfPage } from '../../test/pdf-text';
import { sampleDocument } from '../../test/sample-document';
import { createFontLoader } from '../fonts';
import { renderCertificatePdf } from './render-certificate';

const loadFonts = createFontLoader();

const document = sampleDocument;

interface EmbeddedFont {
  readonly name: string;
  readonly font: fontkit.Font;
}

/** Every font the PDF embeds, read back from its FontFile2 stream. */
function embeddedFonts(pdf: PDFDocument): EmbeddedFont[] {
  const fonts: EmbeddedFont[] = [];
  for (const [, object] of pdf.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object.get(PDFName.of('Type')) !== PDFName.of('FontDescriptor'))
      continue;
    const file = pdf.context.lookup(object.get(PDFName.of('FontFile2')));
    expect(file).toBeInstanceOf(PDFRawStream);
    const bytes = decodePDFRawStream(file as PDFRawStream).decode();
    fonts.push({
      name: String(object.get(PDFName.of('FontName'))),
      font: fontkit.create(Buffer.from(bytes)),
    });
  }
  return fonts;
}

function covers(font: fontkit.Font, text: string): boolean {
  return [...text.replace(/\s/g, '')].every((c) => font.hasGlyphForCodePoint(c.codePointAt(0) ?? 0));
}

function fontNamed(fonts: EmbeddedFont[], name: string): fontkit.Font {
  const found = fonts.find((f) => f.name.includes(name));
  if (!found) throw new Error(`no embedded font named ${name}: ${fonts.map((f) => f.name).join(', ')}`);
  return found.font;
}

describe('renderCertificatePdf', () => {
  it('renders one A4 landscape page with the certificate metadata', async () => {
    const pdf = await PDFDocument.load(await renderCertificatePdf(document, await loadFonts()));
    expect(pdf.getPageCount()).toBe(1);
    const { width, height } = pdf.getPage(0).getSize();
    expect([Math.round(width), Math.round(height)]).toStrictEqual([842, 595]);
    expect(pdf.getTitle()).toBe('Certificate of Completion: Event-Driven Architecture on AWS');
    expect(pdf.getAuthor()).toBe('SFE Academy');
    expect(pdf.getKeywords()).toBe('certificate 6f1c2d3e-4b5a-5c6d-8e7f-0a1b2c3d4e5f');
    expect(pdf.getCreationDate()).toStrictEqual(document.issuedAt);
  });

  it('embeds every font it draws with (no standard fonts), each holding the glyphs of its text', async () => {
    const pdf = await PDFDocument.load(await renderCertificatePdf(document, await loadFonts()));
    const fonts = embeddedFonts(pdf);
    const standardFonts = [...pdf.context.enumerateIndirectObjects()].filter(
      ([, object]) => object instanceof PDFDict && object.get(PDFName.of('Subtype')) === PDFName.of('Type1'),
    );
    expect(standardFonts).toStrictEqual([]);
    expect(fonts.map((f) => f.name.replace(/^\/|-\d+$/g, '')).sort()).toStrictEqual([
      'Cinzel-Bold',
      'Cinzel-Regular',
      'EBGaramond-Italic',
      'EBGaramond-Regular',
      'EBGaramond-SemiBold',
      'GreatVibes-Regular',
    ]);
    expect(covers(fontNamed(fonts, 'GreatVibes'), document.learnerName)).toBe(true);
    expect(covers(fontNamed(fonts, 'EBGaramond-SemiBold'), document.courseTitle)).toBe(true);
    expect(covers(fontNamed(fonts, 'EBGaramond-Regular'), document.verificationUrl)).toBe(true);
    expect(covers(fontNamed(fonts, 'Cinzel-Bold'), 'CERTIFICATE')).toBe(true);
    // Glyph outlines survive subsetting (a corrupt subset decodes to empty or broken glyphs).
    const script = fontNamed(fonts, 'GreatVibes');
    for (const c of 'Ada Lovelace'.replace(' ', '')) {
      expect(script.glyphForCodePoint(c.codePointAt(0) ?? 0).path.toSVG().length).toBeGreaterThan(20);
    }
  });

  it('links the verification URL', async () => {
    const pdf = await PDFDocument.load(await renderCertificatePdf(document, await loadFonts()));
    const annotations = pdf.getPage(0).node.Annots();
    expect(annotations?.size()).toBe(1);
    const link = pdf.context.lookup(annotations?.get(0)) as PDFDict;
    const action = link.lookup(PDFName.of('A'), PDFDict);
    expect(link.get(PDFName.of('Subtype'))).toBe(PDFName.of('Link'));
    expect(action.lookup(PDFName.of('URI'), PDFString).decodeText()).toBe(document.verificationUrl);
  });

  it('keeps only the glyphs it needs, so a certificate stays small', async () => {
    const bytes = await renderCertificatePdf(document, await loadFonts());
    const fonts = embeddedFonts(await PDFDocument.load(bytes));
    expect(fonts.every((f) => f.font.numGlyphs < 120)).toBe(true);
    expect(bytes.byteLength).toBeLessThan(60_000);
  });

  it('covers names and titles outside Latin-1 (Polish, Cyrillic), falling back to the serif italic', async () => {
    const learnerName = 'Łukasz Żółć & Пётр Чайковский';
    const pdf = await PDFDocument.load(
      await renderCertificatePdf(
        { ...document, learnerName, courseTitle: 'Введение в событийную архитектуру' },
        await loadFonts(),
      ),
    );
    const fonts = embeddedFonts(pdf);
    expect(covers(fontNamed(fonts, 'GreatVibes'), learnerName)).toBe(true);
    expect(covers(fontNamed(fonts, 'EBGaramond-SemiBold'), 'Введение в событийную архитектуру')).toBe(true);
    // Great Vibes has no Greek: the name is drawn in the italic, which has it.
    const greekName = 'Ἀλέξανδρος Παπαδόπουλος';
    const greek = embeddedFonts(
      await PDFDocument.load(
        await renderCertificatePdf({ ...document, learnerName: greekName }, await loadFonts()),
      ),
    );
    expect(covers(fontNamed(greek, 'GreatVibes'), greekName)).toBe(false);
    expect(covers(fontNamed(greek, 'EBGaramond-Italic'), greekName)).toBe(true);
  });

  it("draws any script's text a face has (Cyrillic, Greek), as a PDF reader (pdf.js) reads it", async () => {
    const learnerName = 'Ἀλέξανδρος Παπαδόπουλος';
    const courseTitle = 'Введение в событийную архитектуру';
    const page = await readPdfPage(
      await renderCertificatePdf({ ...document, learnerName, courseTitle }, await loadFonts()),
    );
    expect(page.compact).toContain(compact(learnerName));
    expect(page.compact).toContain(compact(courseTitle));
    expect(page.compact).toContain(compact(`Certificate ID ${document.certificateId}`));
    expect(page.links).toStrictEqual([document.verificationUrl]);
  });

  it('renders the same bytes for the same document (no clock, no random ids)', async () => {
    const fonts = await loadFonts();
    const first = await renderCertificatePdf(document, fonts);
    const second = await renderCertificatePdf(document, fonts);
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(true);
  });
});
