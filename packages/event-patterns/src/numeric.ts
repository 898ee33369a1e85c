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
  return comparableGiven(text, Number(text));
}

/** As {@link comparableValue}, when the caller already has `Number(text)`. */
export function comparableGiven(text: string, value: number): number | undefined {
  if (!Number.isFinite(value)) return undefined;
  const digits = significantDigits(text);
  if (digits === 0) return 0; // all zeros, whatever the sign or exponent
  if (value === 0) return undefined; // non-zero text that underflowed
  // A decimal with at most 15 significant digits is the only such decimal in its double's rounding interval,
  // so it is the double's shortest representation (for normal doubles).
  if (digits <= 15 && Math.abs(value) >= MIN_NORMAL) return value;
  if (digits > 17) return undefined; // a double's shortest decimal never needs more than 17 digits
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

/**
 * Compares two decimal texts by value, ignoring sign (callers compare texts of the same sign), without
 * allocating: walks the significant digits of both and compares their decimal exponents.
 */
function sameDecimal(a: string, b: string): boolean {
  const x = scanDecimal(a);
  const xFirst = first;
  const xDigits = count;
  const y = scanDecimal(b);
  if (x !== y || xDigits !== count) return false;
  // Same exponent and digit count: compare the digits one by one.
  let i = xFirst;
  let j = first;
  for (let n = 0; n < count; n++) {
    let ca = a.charCodeAt(i++);
    while (ca === 0x2e) ca = a.charCodeAt(i++);
    let cb = b.charCodeAt(j++);
    while (cb === 0x2e) cb = b.charCodeAt(j++);
    if (ca !== cb) return false;
  }
  return true;
}

// Results of scanDecimal besides its return value (kept in module state to avoid allocating).
let first = 0;
let count = 0;

/**
 * Scans a decimal text: sets `first` to the index of its first significant digit and `count` to the number of
 * significant digits, and returns the decimal exponent of the first significant digit.
 */
function scanDecimal(text: string): number {
  let end = text.length;
  let exponent = 0;
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c === 0x65 || c === 0x45) {
      end = k;
      exponent = Number(text.slice(k + 1));
      break;
    }
  }
  let point = end;
  let firstAt = -1;
  let lastAt = -1;
  let digitsBeforePoint = 0;
  let firstDigitIndex = 0; // index of the first significant digit among all digits
  let digitIndex = 0;
  for (let k = 0; k < end; k++) {
    const c = text.charCodeAt(k);
    if (c === 0x2e) {
      point = k;
      continue;
    }
    if (c < 0x30 || c > 0x39) continue;
    if (point === end) digitsBeforePoint++;
    if (c !== 0x30) {
      if (firstAt < 0) {
        firstAt = k;
        firstDigitIndex = digitIndex;
      }
      lastAt = k;
    }
    digitIndex++;
  }
  first = firstAt;
  // Significant digits: from the first to the last non-zero digit, not counting a decimal point in between.
  count = firstAt < 0 ? 0 : lastAt - firstAt + 1 - (point > firstAt && point < lastAt ? 1 : 0);
  return exponent + digitsBeforePoint - firstDigitIndex;
}
