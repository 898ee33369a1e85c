import { type HexRange, hexRangeMatches } from './cidr';
import {
  type CaseInsensitiveText,
  endsWithIgnoreCase,
  equalsIgnoreCase,
  startsWithIgnoreCase,
} from './ignore-case';
import { type WildcardPattern, wildcardMatches } from './wildcard';

/**
 * One value test of a compiled pattern: an element of a field's array, e.g. `"a"`, `{"prefix": "b"}`. A field
 * matches an event value when any of its matchers accepts the value.
 *
 * String operators see the value the way the engine does, as the quoted text `"value"`: a prefix ending in `"`
 * can match through the closing quote and a suffix starting with `"` through the opening one.
 */
export type Matcher =
  | { readonly kind: 'exact'; readonly value: string }
  /** A string pattern that is an IP address literal: the engine compares it as an address (`::1` = `0::1`). */
  | { readonly kind: 'ip'; readonly hex: string }
  /** A number: matches the same spelling, or (when comparable) the same double. */
  | { readonly kind: 'number'; readonly text: string; readonly value: number | undefined }
  | { readonly kind: 'literal'; readonly value: boolean | null }
  | { readonly kind: 'prefix' | 'suffix'; readonly value: string }
  | {
      readonly kind: 'equals-ignore-case' | 'prefix-ignore-case' | 'suffix-ignore-case';
      readonly value: CaseInsensitiveText;
    }
  | { readonly kind: 'wildcard'; readonly pattern: WildcardPattern }
  | { readonly kind: 'numeric-equals'; readonly value: number }
  | {
      readonly kind: 'numeric-range';
      readonly bottom: number;
      readonly openBottom: boolean;
      readonly top: number;
      readonly openTop: boolean;
    }
  | { readonly kind: 'cidr'; readonly range: HexRange }
  | { readonly kind: 'exists' }
  /** Plain anything-but: a list of strings or a list of numbers (never both). */
  | {
      readonly kind: 'anything-but';
      readonly strings: readonly string[];
      readonly numbers: readonly number[];
    }
  | { readonly kind: 'anything-but-prefix' | 'anything-but-suffix'; readonly values: readonly string[] }
  | { readonly kind: 'anything-but-ignore-case'; readonly values: readonly CaseInsensitiveText[] }
  | { readonly kind: 'anything-but-wildcard'; readonly patterns: readonly WildcardPattern[] };

export const STRING = 0;
export const NUMBER = 1;
export const TRUE = 2;
export const FALSE = 3;
export const NULL = 4;
export type ValueKind = typeof STRING | typeof NUMBER | typeof TRUE | typeof FALSE | typeof NULL;

/** A leaf value of an event, with what numeric and address matching need computed lazily by the caller. */
export interface LeafValue {
  readonly kind: ValueKind;
  /** The string's content, or the number's text as written. */
  readonly text: string;
}

/** Resolves the comparable double of a number (or `undefined`) and the address form of a string (or `undefined`). */
export interface ValueViews {
  /** `Number(text)` for a number: equal to `comparable()` whenever that is defined, and cheaper. */
  approximate(): number;
  comparable(): number | undefined;
  ipHex(): string | undefined;
}

/** `(quoted value).startsWith("prefix)`: the engine's prefix test on a string value. */
export function hasPrefix(value: string, prefix: string): boolean {
  return value.startsWith(prefix) || (prefix.length === value.length + 1 && prefix === `${value}"`);
}

/** `(quoted value).endsWith(suffix")`: the engine's suffix test on a string value. */
export function hasSuffix(value: string, suffix: string): boolean {
  return value.endsWith(suffix) || (suffix.length === value.length + 1 && suffix === `"${value}`);
}

/** Whether one matcher accepts one event value. */
export function matcherAccepts(m: Matcher, v: LeafValue, views: ValueViews): boolean {
  const isString = v.kind === STRING;
  switch (m.kind) {
    case 'exact':
      return isString && v.text === m.value;
    case 'ip': {
      if (!isString) return false;
      const hex = views.ipHex();
      return hex?.startsWith(m.hex) === true;
    }
    case 'number': {
      if (v.kind !== NUMBER) return false;
      if (v.text === m.text) return true;
      return m.value !== undefined && views.approximate() === m.value && views.comparable() !== undefined;
    }
    case 'literal':
      return m.value === true ? v.kind === TRUE : m.value === false ? v.kind === FALSE : v.kind === NULL;
    case 'prefix':
      return isString && hasPrefix(v.text, m.value);
    case 'suffix':
      return isString && hasSuffix(v.text, m.value);
    case 'equals-ignore-case':
      return isString && equalsIgnoreCase(m.value, v.text);
    case 'prefix-ignore-case':
      return isString && startsWithIgnoreCase(m.value, v.text);
    case 'suffix-ignore-case':
      return isString && endsWithIgnoreCase(m.value, v.text);
    case 'wildcard':
      return isString && wildcardMatches(m.pattern, v.text);
    case 'numeric-equals':
      return v.kind === NUMBER && views.approximate() === m.value && views.comparable() !== undefined;
    case 'numeric-range': {
      if (v.kind !== NUMBER) return false;
      // The cheap double decides unless it is in range; only then does exactness (the costly part) matter.
      const x = views.approximate();
      const inRange = (m.openBottom ? x > m.bottom : x >= m.bottom) && (m.openTop ? x < m.top : x <= m.top);
      return inRange && views.comparable() !== undefined;
    }
    case 'cidr': {
      if (!isString) return false;
      const hex = views.ipHex();
      return hex !== undefined && hexRangeMatches(m.range, hex);
    }
    case 'exists':
      return true;
    case 'anything-but':
      if (isString) return !m.strings.includes(v.text);
      if (v.kind === NUMBER && m.numbers.length > 0) {
        return !m.numbers.includes(views.approximate()) || views.comparable() === undefined;
      }
      return true;
    case 'anything-but-prefix':
      if (isString) for (const p of m.values) if (hasPrefix(v.text, p)) return false;
      return true;
    case 'anything-but-suffix':
      if (isString) for (const s of m.values) if (hasSuffix(v.text, s)) return false;
      return true;
    case 'anything-but-ignore-case':
      if (isString) for (const p of m.values) if (equalsIgnoreCase(p, v.text)) return false;
      return true;
    case 'anything-but-wildcard':
      if (isString) for (const p of m.patterns) if (wildcardMatches(p, v.text)) return false;
      return true;
  }
}
