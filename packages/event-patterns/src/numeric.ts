/**
 * Numeric comparison the way EventBridge's engine does it. A number takes part in numeric matching (`numeric`,
 * numeric `anything-but`, `[300]` matching `300.0`) only when its decimal text denotes exactly the shortest
 * decimal of its nearest double: the engine parses the text as a BigDecimal, converts it to a double and
 * rejects it if `BigDecimal.valueOf(double)` is not the same number. So `0.1`, `-122.42916360922355`, `3.0E2`
 * and `5e9` compare; `0.30000000000000001`, `1e400` and `9007199254740993` do not (they can still match by
 * their exact spelling). Any finite double is in range.
 */

const MIN_NORMAL = 2.2250738585072014e-308;

/**
 * Returns the double a JSON number text compares as, or `undefined` when the engine cannot compare it.
 * `-0` compares as `0`.
 */
export function comparableValue(text: string): number | undefined {
  const value = Number(text);
  if (!Number.isFinite(value)) return undefined;
  const digits = significantDigits(text);
  if (digits === 0) return 0; // all zeros, whatever the sign or exponent
  if (value === 0) return undefined; // non-zero text that underflowed
  // A decimal with at most 15 significant digits is the only such decimal in its double's rounding interval,
  // so it is the double's shortest representation (for normal doubles).
  if (digits <= 15 && Math.abs(value) >= MIN_NORMAL) return value;
  return sameDecimal(text, String(value)) ? value : undefined;
}

/** Counts the significant digits of a decimal text (no leading or trailing zeros). */
function significantDigits(text: string): number {
  let first = -1;
  let last = -1;
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x65 || c === 0x45) break;
    if (c >= 0x30 && c <= 0x39) {
      if (c !== 0x30) {
        if (first < 0) first = count;
        last = count;
      }
      count++;
    }
  }
  return first < 0 ? 0 : last - first + 1;
}

/** Compares two decimal texts by value, ignoring sign (callers compare texts of the same sign). */
function sameDecimal(a: string, b: string): boolean {
  const x = normalize(a);
  const y = normalize(b);
  return x.digits === y.digits && x.exponent === y.exponent;
}

/** `digits` without leading or trailing zeros; `exponent` places the first digit: value = 0.digits × 10^exponent. */
function normalize(text: string): { digits: string; exponent: number } {
  let mantissa = text;
  let exponent = 0;
  const e = text.search(/[eE]/);
  if (e >= 0) {
    mantissa = text.slice(0, e);
    exponent = Number(text.slice(e + 1));
  }
  if (mantissa.startsWith('-') || mantissa.startsWith('+')) mantissa = mantissa.slice(1);
  const dot = mantissa.indexOf('.');
  const intPart = dot >= 0 ? mantissa.slice(0, dot) : mantissa;
  const fracPart = dot >= 0 ? mantissa.slice(dot + 1) : '';
  let all = intPart + fracPart;
  let pointAt = intPart.length;
  let lead = 0;
  while (lead < all.length && all[lead] === '0') lead++;
  all = all.slice(lead);
  pointAt -= lead;
  let end = all.length;
  while (end > 0 && all[end - 1] === '0') end--;
  return { digits: all.slice(0, end), exponent: exponent + pointAt };
}
