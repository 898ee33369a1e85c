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
  scanDigits(text);
  const digits = sigCount;
  if (digits === 0) return 0; // all zeros, whatever the sign or exponent
  if (value === 0) return undefined; // non-zero text that underflowed
  // A decimal with at most 15 significant digits is the only such decimal in its double's rounding interval,
  // so it is the double's shortest representation (for normal doubles).
  if (digits <= 15 && Math.abs(value) >= MIN_NORMAL) return value;
  if (digits > 17) return undefined; // a double's shortest decimal never needs more than 17 digits
  const shortest = Math.abs(value) >= MIN_NORMAL ? isShortest(text, Math.abs(value)) : undefined;
  if (shortest !== undefined) return shortest ? value : undefined;
  return sameDecimal(text, String(value)) ? value : undefined;
}

/** Exact powers of ten representable as doubles. */
const POW10 = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
  1e20, 1e21, 1e22,
];
const TWO_53 = 9007199254740992;

/**
 * Whether a decimal of 16 or 17 significant digits is the shortest representation of `x` (its nearest double,
 * positive and normal), decided with exact double arithmetic instead of printing `x` (which costs far more).
 * `undefined` when the arithmetic cannot decide (out of its exact range, or a near tie): the caller prints.
 *
 * The shortest representation is the shortest decimal that rounds to `x`, and among those the nearest to `x`.
 * So the text is it when (a) neither neighbour with one digit fewer rounds to `x`, and (b) it is within half a
 * unit in its last place of `x`.
 */
function isShortest(text: string, x: number): boolean | undefined {
  accumulateDigits(text);
  const n = sigCount;
  const q = sigExponent;
  // (a) The two decimals with one digit fewer around it: P·10^(q+1) and (P+1)·10^(q+1), P = S div 10.
  const p = sigHigh * 1e7 + Math.floor(sigLow / 10);
  const e = q + 1;
  if (n < 16 || p + 1 >= TWO_53 || e > 22 || e < -22 || sigHigh * 1e8 >= TWO_53 * 8) return undefined;
  const scale = POW10[Math.abs(e)] as number;
  const below = e >= 0 ? p * scale : p / scale; // correctly rounded: both operands are exact
  const above = e >= 0 ? (p + 1) * scale : (p + 1) / scale;
  if (below === x || above === x) return false;
  // (b) |S - x·10^-q| < 1/2, with x·10^-q computed exactly as a sum of two doubles.
  if (q > 0 || q < -22) return undefined;
  const [product, error] = q === 0 ? [x, 0] : twoProduct(x, POW10[-q] as number);
  const high = sigHigh * 1e8; // exact: sigHigh·390625 < 2^53, times 2^8
  const distance = Math.abs(high - product + sigLow - error);
  if (distance < 0.5 - 1e-6) return true;
  if (distance > 0.5 + 1e-6) return false;
  return undefined;
}

/** a·b as an unevaluated sum of two doubles (Dekker), exact without fused multiply-add. */
function twoProduct(a: number, b: number): [number, number] {
  const p = a * b;
  const [ah, al] = split(a);
  const [bh, bl] = split(b);
  return [p, ah * bh - p + ah * bl + al * bh + al * bl];
}

function split(a: number): [number, number] {
  const c = 134217729 * a; // 2^27 + 1
  const high = c - (c - a);
  return [high, a - high];
}

// scanDigits() results: how many significant digits S has (no leading or trailing zeros), the exponent of its
// last one (the text is S·10^sigExponent), and where its first and last digits are among the text's digits.
let sigCount = 0;
let sigExponent = 0;
let sigFirst = -1;
let sigLast = -1;
let mantissaEnd = 0;
// accumulateDigits() results: S = sigHigh·10^8 + sigLow.
let sigHigh = 0;
let sigLow = 0;

/** One pass over a decimal text: its significant digits' count and exponent (numbers are read once per event). */
function scanDigits(text: string): void {
  let digitIndex = 0;
  let integerDigits = -1;
  let firstIndex = -1;
  let lastIndex = -1;
  let k = 0;
  for (; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c >= 0x30 && c <= 0x39) {
      if (c !== 0x30) {
        if (firstIndex < 0) firstIndex = digitIndex;
        lastIndex = digitIndex;
      }
      digitIndex++;
    } else if (c === 0x2e) {
      integerDigits = digitIndex;
    } else if (c === 0x65 || c === 0x45) {
      break;
    }
  }
  mantissaEnd = k;
  const exponent = k < text.length ? Number(text.slice(k + 1)) : 0;
  if (integerDigits < 0) integerDigits = digitIndex;
  sigFirst = firstIndex;
  sigLast = lastIndex;
  sigCount = firstIndex < 0 ? 0 : lastIndex - firstIndex + 1;
  sigExponent = exponent + integerDigits - 1 - lastIndex;
}

/** S as two exact doubles, for the text last given to scanDigits. */
function accumulateDigits(text: string): void {
  let high = 0;
  let low = 0;
  let digitIndex = 0;
  for (let k = 0; k < mantissaEnd; k++) {
    const c = text.charCodeAt(k);
    if (c < 0x30 || c > 0x39) continue;
    if (digitIndex >= sigFirst && digitIndex <= sigLast) {
      if (sigLast - digitIndex >= 8) high = high * 10 + (c - 0x30);
      else low = low * 10 + (c - 0x30);
    }
    digitIndex++;
  }
  sigHigh = high;
  sigLow = low;
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
  const end = exponentMarker(text);
  const exponent = end < text.length ? Number(text.slice(end + 1)) : 0;
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

/** The index of a decimal text's exponent marker (`e` or `E`), or its length when it has none. */
function exponentMarker(text: string): number {
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c === 0x65 || c === 0x45) return k;
  }
  return text.length;
}
