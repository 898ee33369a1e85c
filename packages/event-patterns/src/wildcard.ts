import { InvalidEventPatternError } from './errors';

/**
 * `{"wildcard": "..."}` patterns. `*` matches any run of characters (including none); `\*` and `\\` are a literal
 * star and backslash; any other backslash, and two stars in a row, are rejected with the engine's message, whose
 * position counts UTF-8 bytes in the quoted value (the engine works on `"<pattern>"`).
 */
export interface WildcardPattern {
  /** The pattern text as written. */
  readonly source: string;
  /** Literal pieces between stars; `leading`/`trailing` say whether a star precedes the first / follows the last. */
  readonly pieces: readonly string[];
  readonly leading: boolean;
  readonly trailing: boolean;
  /** Per character of the quoted pattern: the character, or `null` for a star. Used for the complexity check. */
  readonly tokens: readonly (string | null)[];
}

/** Parses and validates a wildcard pattern, throwing the engine's error for a malformed one. */
export function parseWildcard(source: string): WildcardPattern {
  const segments: string[] = [''];
  const tokens: (string | null)[] = ['"'];
  let bytePos = 1; // after the opening quote
  let i = 0;
  while (i < source.length) {
    const c = source[i] as string;
    if (c === '*') {
      if (source[i + 1] === '*')
        throw new InvalidEventPatternError(`Consecutive wildcard characters at pos ${bytePos}`);
      segments.push('');
      tokens.push(null);
      i++;
      bytePos++;
      continue;
    }
    let literal: string;
    if (c === '\\') {
      const next = source[i + 1];
      if (next !== '*' && next !== '\\')
        throw new InvalidEventPatternError(`Invalid escape character at pos ${bytePos}`);
      literal = next;
      i += 2;
      bytePos += 2;
    } else {
      const code = source.codePointAt(i) ?? 0;
      literal = String.fromCodePoint(code);
      i += literal.length;
      bytePos += utf8Length(code);
    }
    segments[segments.length - 1] += literal;
    for (const unit of literal.split('')) tokens.push(unit);
  }
  tokens.push('"');
  const leading = tokens[1] === null;
  const trailing = tokens[tokens.length - 2] === null;
  const pieces = segments.slice(leading ? 1 : 0, trailing ? segments.length - 1 : segments.length);
  return { source, pieces, leading, trailing, tokens };
}

function utf8Length(code: number): number {
  if (code < 0x80) return 1;
  if (code < 0x800) return 2;
  if (code < 0x10000) return 3;
  return 4;
}

/** Whether a string matches a wildcard pattern. */
export function wildcardMatches(pattern: WildcardPattern, value: string): boolean {
  const { pieces, leading, trailing } = pattern;
  const count = pieces.length;
  if (count === 0) return true; // "*"
  let pos = 0;
  let first = 0;
  let last = count;
  if (!leading) {
    const head = pieces[0] as string;
    if (!value.startsWith(head)) return false;
    pos = head.length;
    first = 1;
    if (count === 1 && !trailing) return value.length === head.length;
  }
  let end = value.length;
  if (!trailing && last > first) {
    const tail = pieces[count - 1] as string;
    if (end - tail.length < pos || !value.endsWith(tail)) return false;
    end -= tail.length;
    last = count - 1;
  }
  for (let i = first; i < last; i++) {
    const piece = pieces[i] as string;
    const at = value.indexOf(piece, pos);
    if (at < 0 || at + piece.length > end) return false;
    pos = at + piece.length;
  }
  return true;
}

/**
 * The engine's measure of how expensive a set of wildcard patterns on one field is: the largest number of
 * pattern prefixes (each ending at a character or star of a pattern) that one input value can match at once.
 * EventBridge rejects a rule whose measure exceeds {@link MAX_WILDCARD_COMPLEXITY}. Computed by exploring the
 * reachable state sets of the patterns' combined automaton; `limit` stops the search early.
 */
export function wildcardComplexity(patterns: readonly WildcardPattern[], limit: number): number {
  if (patterns.length === 0) return 0;
  const alphabet = new Set<string>(['\u0000']);
  for (const p of patterns) for (const t of p.tokens) if (t !== null) alphabet.add(t);
  const starts = patterns.map((p) => closure(p.tokens, [0]));
  const seen = new Set<string>();
  const queue: number[][][] = [starts];
  let best = 0;
  while (queue.length > 0) {
    const states = queue.pop() as number[][];
    let size = 0;
    for (const s of states) for (const i of s) if (i > 0) size++;
    if (size > best) best = size;
    if (best >= limit || seen.size > 20000) return Math.max(best, limit);
    for (const c of alphabet) {
      const next = states.map((s, k) => step((patterns[k] as WildcardPattern).tokens, s, c));
      const key = next.map((s) => s.join(',')).join('|');
      if (!seen.has(key)) {
        seen.add(key);
        queue.push(next);
      }
    }
  }
  return best;
}

/**
 * The largest complexity EventBridge accepts. AWS does not publish it; verified cases bracket it: complexity 9
 * (three `*:stack/<name>/*` patterns on one field) is accepted, 11 (`*:*:*:*:*:event-bus/*`) and 12 are rejected.
 */
export const MAX_WILDCARD_COMPLEXITY = 10;

// State i of a pattern means "the first i tokens match the input read so far".
function closure(tokens: readonly (string | null)[], states: readonly number[]): number[] {
  const out = new Set(states);
  for (const s of states) {
    let i = s;
    while (i < tokens.length && tokens[i] === null) {
      i++;
      out.add(i);
    }
  }
  return [...out].sort((a, b) => a - b);
}

function step(tokens: readonly (string | null)[], states: readonly number[], c: string): number[] {
  const next: number[] = [];
  for (const i of states) {
    if (i < tokens.length && tokens[i] !== null && tokens[i] === c) next.push(i + 1);
    if (i > 0 && tokens[i - 1] === null) next.push(i);
  }
  return closure(tokens, next);
}
