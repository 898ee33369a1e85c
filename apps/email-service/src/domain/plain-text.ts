/**
 * Makes a value safe to interpolate into a plain-text body or a header: control characters (CR, LF, tabs,
 * bidi overrides) become spaces, so a name cannot forge extra lines or headers, or reorder what a reader sees.
 */
export function plainText(value: string | number): string {
  return String(value)
    .replace(/[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]+/gu, ' ')
    .trim();
}

/** A tagged template for plain text: every interpolated value goes through `plainText`. */
export function text(strings: TemplateStringsArray, ...values: (string | number)[]): string {
  let out = strings[0] ?? '';
  values.forEach((value, index) => {
    out += plainText(value) + (strings[index + 1] ?? '');
  });
  return out;
}
