/**
 * `equals-ignore-case` and its `prefix`/`suffix`/`anything-but` forms, with the engine's exact notion of case:
 * each UTF-16 unit `c` of the pattern accepts exactly `c.toLowerCase()` or `c.toUpperCase()` (Java's root-locale
 * mappings, which can change length: `ß` accepts `ß` or `SS`, never `ss`). The event value is not case-mapped, so
 * this is not `a.toLowerCase() === b.toLowerCase()`: pattern `K` (Kelvin sign) accepts `k` but not `K`.
 *
 * Patterns made only of ASCII take a fast path: they accept a value exactly when the value's characters in the
 * compared span are ASCII and equal after lower-casing A-Z.
 */

export interface CaseInsensitiveText {
  readonly text: string;
  /** `true` when every character is ASCII. */
  readonly ascii: boolean;
  /** A-Z lower-cased (only meaningful when `ascii`). */
  readonly lower: string;
  /** Per pattern unit, the spellings it accepts (only built for non-ASCII patterns). */
  readonly alternatives: readonly (readonly string[])[] | undefined;
}

const NON_ASCII = /[\u0080-\uffff]/;

export function caseInsensitiveText(text: string): CaseInsensitiveText {
  const ascii = !NON_ASCII.test(text);
  return {
    text,
    ascii,
    lower: asciiLower(text),
    alternatives: ascii ? undefined : [...text.split('')].map(unitAlternatives),
  };
}

/** Lower-cases A-Z only (non-ASCII characters are left alone, so lengths and positions are kept). */
export function asciiLower(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5a) {
      if (isAscii(text)) return text.toLowerCase();
      return text.replace(/[A-Z]+/g, (m) => m.toLowerCase());
    }
  }
  return text;
}

/** `value` equals the lower-cased ASCII `lower` up to A-Z case, without building a string. */
function asciiEqualsLower(value: string, lower: string): boolean {
  if (value.length !== lower.length) return false;
  for (let i = 0; i < value.length; i++) {
    const a = value.charCodeAt(i);
    const b = lower.charCodeAt(i);
    if (a !== b && !(a >= 0x41 && a <= 0x5a && a + 0x20 === b)) return false;
  }
  return true;
}

export function isAscii(text: string): boolean {
  return !NON_ASCII.test(text);
}

function unitAlternatives(unit: string): string[] {
  const code = unit.charCodeAt(0);
  // A lone surrogate becomes '?' when the engine encodes the pattern as UTF-8.
  if (code >= 0xd800 && code <= 0xdfff) return ['?'];
  const lower = unit.toLowerCase();
  const upper = unit.toUpperCase();
  return lower === upper ? [lower] : [lower, upper];
}

/** `value` equals the pattern, ignoring case. */
export function equalsIgnoreCase(pattern: CaseInsensitiveText, value: string): boolean {
  if (pattern.alternatives === undefined) return asciiEqualsLower(value, pattern.lower);
  return endPositions(pattern.alternatives, value, 0).has(value.length);
}

/** The quoted value `"value"` starts with `"pattern` ignoring case (so a pattern ending in `"` can use the closing quote). */
export function startsWithIgnoreCase(pattern: CaseInsensitiveText, value: string): boolean {
  const subject = `${value}"`;
  if (pattern.alternatives === undefined) {
    const head = subject.slice(0, pattern.text.length);
    return head.length === pattern.text.length && isAscii(head) && asciiLower(head) === pattern.lower;
  }
  return endPositions(pattern.alternatives, subject, 0).size > 0;
}

/** The quoted value `"value"` ends with `pattern"` ignoring case. */
export function endsWithIgnoreCase(pattern: CaseInsensitiveText, value: string): boolean {
  const subject = `"${value}`;
  if (pattern.alternatives === undefined) {
    if (subject.length < pattern.text.length) return false;
    const tail = subject.slice(subject.length - pattern.text.length);
    return isAscii(tail) && asciiLower(tail) === pattern.lower;
  }
  return startPositions(pattern.alternatives, subject).size > 0;
}

/** Positions in `value` where a left-anchored match of the alternatives can end. */
function endPositions(
  alternatives: readonly (readonly string[])[],
  value: string,
  from: number,
): Set<number> {
  let positions = new Set([from]);
  for (const accepted of alternatives) {
    const next = new Set<number>();
    for (const p of positions) for (const a of accepted) if (value.startsWith(a, p)) next.add(p + a.length);
    if (next.size === 0) return next;
    positions = next;
  }
  return positions;
}

/** Positions where a right-anchored match of the alternatives can start. */
function startPositions(alternatives: readonly (readonly string[])[], value: string): Set<number> {
  let positions = new Set([value.length]);
  for (let i = alternatives.length - 1; i >= 0; i--) {
    const next = new Set<number>();
    for (const p of positions) {
      for (const a of alternatives[i] as readonly string[]) {
        const start = p - a.length;
        if (start >= 0 && value.startsWith(a, start)) next.add(start);
      }
    }
    if (next.size === 0) return next;
    positions = next;
  }
  return positions;
}
