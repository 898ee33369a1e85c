import { loadSubsetFont } from './render-engines';

/**
 * A TrueType font cut down to the glyphs of `text`, by HarfBuzz's subsetter (subset-font), without OpenType
 * layout features: pdf-lib gives glyphs reached only through GSUB (ligatures, contextual alternates) a
 * default 1 em width and draws without GPOS kerning, so with the cmap alone what is measured is what is drawn.
 */
export async function subsetTrueType(font: Uint8Array, text: string): Promise<Uint8Array> {
  const subsetFont = loadSubsetFont();
  // subset-font reads its input as a Node Buffer (a view over the same memory, not a copy).
  const input = Buffer.from(font.buffer, font.byteOffset, font.byteLength);
  const subset = await subsetFont(input, text, {
    targetFormat: 'truetype',
    noHinting: true,
    noLayoutClosure: true,
    keepFeatures: [],
  });
  return padForFontkit(subset);
}

/**
 * fontkit (inside pdf-lib) reads a glyph header even for an empty glyph (a space); HarfBuzz writes `glyf` last,
 * so when the last glyph is empty that read runs past the end of the file. Zero padding after the last table
 * is legal in an sfnt and gives fontkit an empty header to read.
 */
function padForFontkit(font: Uint8Array): Uint8Array {
  const padded = new Uint8Array(font.byteLength + 16);
  padded.set(font);
  return padded;
}
