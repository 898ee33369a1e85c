import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** A line of text as a PDF reader finds it: what it says and where it starts (points, 2 decimals). */
export interface PageTextItem {
  readonly text: string;
  readonly x: number;
  readonly y: number;
}

export interface PdfPage {
  readonly items: readonly PageTextItem[];
  /** Every item's text, whitespace removed (spaced capitals read as `C E R T I F I C A T E`). */
  readonly compact: string;
  /** The URIs of the page's links. */
  readonly links: readonly string[];
  /** The document information (`Title`, `Author`, ...). */
  readonly info: Readonly<Record<string, unknown>>;
}

const round = (value: number) => Math.round(value * 100) / 100;

/** Reads a one-page PDF's text, links and document information with pdf.js (Mozilla's PDF reader). */
export async function readPdfPage(bytes: Uint8Array): Promise<PdfPage> {
  // pdf.js takes over the buffer it is given: hand it a copy.
  const document = await getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
  try {
    const page = await document.getPage(1);
    const content = await page.getTextContent();
    const items = content.items
      .filter((item) => 'str' in item && item.str.trim() !== '')
      .map((item) => {
        const { str, transform } = item as { str: string; transform: number[] };
        return { text: str, x: round(transform[4] ?? 0), y: round(transform[5] ?? 0) };
      });
    const annotations = (await page.getAnnotations()) as { url?: string }[];
    const { info } = await document.getMetadata();
    return {
      items,
      compact: items.map((item) => item.text.replace(/\s+/g, '')).join(''),
      links: annotations.flatMap((annotation) => (annotation.url ? [annotation.url] : [])),
      info: info as Record<string, unknown>,
    };
  } finally {
    await document.destroy();
  }
}

/** `text` as `PdfPage.compact` holds it. */
export const compact = (text: string) => text.replace(/\s+/g, '');
