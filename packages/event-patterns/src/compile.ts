import { InvalidEventPatternError, JsonSyntaxError } from './errors';
import { isJsonObject, type JsonObject, parseJson } from './json';
import { addValue, definedKeys, type Leaf } from './match-expression';
import type { Matcher } from './matchers';
import { MAX_WILDCARD_COMPLEXITY, type WildcardPattern, wildcardComplexity } from './wildcard';

/**
 * Validates a pattern and compiles it into branches, following the engine's rule compiler: object keys nest
 * (joined with `.` into a field path), every leaf is an array of values or match expressions, and `$or`
 * multiplies the branches. Errors carry the engine's messages, checked in document order.
 */

/** The test on one field of one branch: any matcher accepts some value, or (`absent`) the field is missing. */
export interface Condition {
  /** The field path, keys joined with `.` (so `{"a": {"b": ...}}` and `{"a.b": ...}` name the same field). */
  readonly path: string;
  readonly matchers: readonly Matcher[];
  /** The field list contains `{"exists": false}`. */
  readonly absent: boolean;
  /** Wildcard operands of the field, for the complexity check. */
  readonly wildcards: readonly WildcardPattern[];
}

/** One alternative of a pattern (after expanding `$or`): all its conditions must hold. Sorted by path. */
export type Branch = readonly Condition[];

/** A validated pattern: it matches an event when any branch does. */
export interface CompiledPattern {
  readonly branches: readonly Branch[];
}

/** Field names the engine reserves inside `$or` (operators and future operators). */
const RESERVED_IN_OR = new Set([
  'exactly',
  'equals-ignore-case',
  'prefix',
  'suffix',
  'anything-but',
  'exists',
  'wildcard',
  'numeric',
  'cidr',
  'html',
  '=',
  '<',
  '<=',
  '>',
  '>=',
  'regex',
  'not-wildcard',
  'not-equals-ignore-case',
  'date-after',
  'date-on-or-after',
  'date-before',
  'date-on-or-before',
  'in-date-range',
  'ip-address-in-range',
  'ip-address-not-in-range',
]);

/**
 * Our guard against `$or` combinations exploding (nested `$or`s multiply). AWS does not document a number; this
 * one is far above what real rules use.
 */
export const MAX_BRANCHES = 1000;

/** The engine's cap on fields per branch. */
export const MAX_FIELDS_PER_BRANCH = 256;

type Rule = Map<string, Leaf>;

/**
 * Compiles a pattern given as JSON text or as a parsed value. Throws {@link InvalidEventPatternError}.
 * `skipComplexityCheck` leaves out the wildcard complexity limit (to measure a pattern that exceeds it).
 */
export function compilePatternSource(
  pattern: unknown,
  options: { readonly skipComplexityCheck?: boolean } = {},
): CompiledPattern {
  let value = pattern;
  if (typeof pattern === 'string') {
    try {
      value = parseJson(pattern);
    } catch (error) {
      if (error instanceof JsonSyntaxError) throw new InvalidEventPatternError(error.message);
      throw error;
    }
  }
  if (!isJsonObject(value)) throw new InvalidEventPatternError('Filter is not an object');
  const rules: Rule[] = [];
  parseObject(rules, undefined, value, false);
  const compiled = { branches: rules.map(toBranch) };
  if (
    !options.skipComplexityCheck &&
    wildcardComplexityOf(compiled, MAX_WILDCARD_COMPLEXITY + 1) > MAX_WILDCARD_COMPLEXITY
  ) {
    throw new InvalidEventPatternError(
      'Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences after a wildcard character',
    );
  }
  return compiled;
}

function parseObject(rules: Rule[], path: string | undefined, obj: JsonObject, inOr: boolean): void {
  const keys = definedKeys(obj);
  if (keys.length === 0) throw new InvalidEventPatternError('Empty objects are not allowed');
  for (const key of keys) {
    const value = obj[key];
    if (key === '$or') {
      parseOr(rules, path, value);
      continue;
    }
    if (inOr && RESERVED_IN_OR.has(key)) {
      throw new InvalidEventPatternError(
        `${key} is Ruler reserved fieldName which cannot be used inside $or.`,
      );
    }
    const name = path === undefined ? key : `${path}.${key}`;
    if (isJsonObject(value)) parseObject(rules, name, value, inOr);
    else if (Array.isArray(value)) writeRules(rules, name, value);
    else throw new InvalidEventPatternError(`"${key}" must be an object or an array`);
  }
}

function parseOr(rules: Rule[], path: string | undefined, value: unknown): void {
  if (!Array.isArray(value)) throw new InvalidEventPatternError('It must be an Array followed with $or.');
  const current = rules.map((r) => new Map(r));
  rules.length = 0;
  for (const element of value) {
    if (!isJsonObject(element)) {
      throw new InvalidEventPatternError('Only JSON object is allowed in array of $or relationship.');
    }
    const alternatives = current.length === 0 ? [new Map<string, Leaf>()] : current.map((r) => new Map(r));
    parseObject(alternatives, path, element, true);
    rules.push(...alternatives);
    if (rules.length > MAX_BRANCHES) {
      throw new InvalidEventPatternError(`Too many $or combinations: more than ${MAX_BRANCHES}`);
    }
  }
  if (value.length < 2)
    throw new InvalidEventPatternError('There must have at least 2 Objects in $or relationship.');
}

function writeRules(rules: Rule[], name: string, values: readonly unknown[]): void {
  const leaf: Leaf = { matchers: [], absent: false, wildcards: [] };
  for (const value of values) addValue(leaf, value);
  if (values.length === 0) throw new InvalidEventPatternError('Empty arrays are not allowed');
  if (rules.length === 0) rules.push(new Map());
  for (const rule of rules) rule.set(name, leaf);
}

function toBranch(rule: Rule): Branch {
  if (rule.size > MAX_FIELDS_PER_BRANCH) {
    throw new InvalidEventPatternError(`Size of rule exceeds max value of ${MAX_FIELDS_PER_BRANCH}`);
  }
  return [...rule.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([path, leaf]) => ({
      path,
      matchers: leaf.matchers,
      absent: leaf.absent,
      wildcards: leaf.wildcards,
    }));
}

/**
 * The wildcard complexity of a pattern (see {@link wildcardComplexity}), capped at `limit`. The engine keeps one
 * state machine per field per point in the rule (fields are visited in path order, and branches that agree on
 * the earlier fields share the machine), so wildcards are summed over those.
 */
export function wildcardComplexityOf(pattern: CompiledPattern, limit = 1000): number {
  const groups = new Map<string, Map<string, WildcardPattern>>();
  const ids = new Map<Condition['matchers'], number>();
  for (const branch of pattern.branches) {
    let signature = '';
    for (const condition of branch) {
      if (condition.wildcards.length > 0) {
        const key = `${signature}|${condition.path}`;
        const group = groups.get(key) ?? new Map<string, WildcardPattern>();
        groups.set(key, group);
        for (const w of condition.wildcards) group.set(w.source, w);
      }
      const id = ids.get(condition.matchers) ?? ids.size;
      ids.set(condition.matchers, id);
      signature += `${id},`;
    }
  }
  let max = 0;
  for (const group of groups.values()) max = Math.max(max, wildcardComplexity([...group.values()], limit));
  return max;
}
