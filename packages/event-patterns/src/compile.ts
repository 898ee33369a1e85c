import { ipToHex, parseCidr } from './cidr';
import { InvalidEventPatternError, JsonSyntaxError } from './errors';
import { caseInsensitiveText } from './ignore-case';
import { isJsonObject, JsonNumber, type JsonObject, parseJson } from './json';
import type { Matcher } from './matchers';
import { comparableValue } from './numeric';
import { MAX_WILDCARD_COMPLEXITY, parseWildcard, type WildcardPattern, wildcardComplexity } from './wildcard';

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

interface Leaf {
  readonly matchers: Matcher[];
  absent: boolean;
  readonly wildcards: WildcardPattern[];
}

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
  if (!isPlainObject(value)) throw new InvalidEventPatternError('Filter is not an object');
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

function isPlainObject(value: unknown): value is JsonObject {
  return isJsonObject(value);
}

function definedKeys(obj: JsonObject): string[] {
  return Object.keys(obj).filter((k) => obj[k] !== undefined);
}

function parseObject(rules: Rule[], path: string | undefined, obj: JsonObject, inOr: boolean): void {
  const keys = definedKeys(obj);
  if (keys.length === 0) throw new InvalidEventPatternError('Empty objects are not allowed');
  for (const key of keys) {
    const value = obj[key];
    if (key === '$or') {
      parseOr(rules, path, value, inOr);
      continue;
    }
    if (inOr && RESERVED_IN_OR.has(key)) {
      throw new InvalidEventPatternError(
        `${key} is Ruler reserved fieldName which cannot be used inside $or.`,
      );
    }
    const name = path === undefined ? key : `${path}.${key}`;
    if (isPlainObject(value)) parseObject(rules, name, value, inOr);
    else if (Array.isArray(value)) writeRules(rules, name, value);
    else throw new InvalidEventPatternError(`"${key}" must be an object or an array`);
  }
}

function parseOr(rules: Rule[], path: string | undefined, value: unknown, _inOr: boolean): void {
  if (!Array.isArray(value)) throw new InvalidEventPatternError('It must be an Array followed with $or.');
  const current = rules.map((r) => new Map(r));
  rules.length = 0;
  for (const element of value) {
    if (!isPlainObject(element)) {
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
  for (const value of values) {
    if (isPlainObject(value)) {
      addMatchExpression(leaf, value);
    } else if (typeof value === 'string') {
      const hex = ipToHex(value);
      leaf.matchers.push(hex === undefined ? { kind: 'exact', value } : { kind: 'ip', hex });
    } else if (isNumberValue(value)) {
      const text = numberText(value);
      leaf.matchers.push({ kind: 'number', text, value: comparableValue(text) });
    } else if (value === null || typeof value === 'boolean') {
      leaf.matchers.push({ kind: 'literal', value });
    } else {
      throw new InvalidEventPatternError('Match value must be String, number, true, false, or null');
    }
  }
  if (values.length === 0) throw new InvalidEventPatternError('Empty arrays are not allowed');
  if (rules.length === 0) rules.push(new Map());
  for (const rule of rules) rule.set(name, leaf);
}

function isNumberValue(value: unknown): value is number | JsonNumber {
  return typeof value === 'number' || value instanceof JsonNumber;
}

function numberText(value: number | JsonNumber): string {
  return typeof value === 'number' ? String(value) : value.text;
}

/** The text the engine's parser reports for a token (used in a few messages). */
function tokenText(value: unknown): string {
  if (value === undefined) return ']';
  if (Array.isArray(value)) return '[';
  if (isPlainObject(value)) return '{';
  if (isNumberValue(value)) return numberText(value);
  return String(value);
}

function addMatchExpression(leaf: Leaf, expr: JsonObject): void {
  const keys = definedKeys(expr);
  const name = keys[0];
  if (name === undefined) throw new InvalidEventPatternError('Match expression name not found');
  const operand = expr[name];
  const extraKey = keys.length > 1;
  const onlyOneKey = (): void => {
    if (extraKey) throw new InvalidEventPatternError('Only one key allowed in match expression');
  };
  const tooManyElements = (): void => {
    if (extraKey) throw new InvalidEventPatternError('Too many elements in numeric expression');
  };
  switch (name) {
    case 'prefix':
    case 'suffix': {
      if (isPlainObject(operand)) {
        const text = ignoreCaseOperand(operand, name === 'prefix' ? 'Prefix' : 'Suffix', name);
        onlyOneKey();
        leaf.matchers.push({
          kind: name === 'prefix' ? 'prefix-ignore-case' : 'suffix-ignore-case',
          value: caseInsensitiveText(text),
        });
        return;
      }
      if (typeof operand !== 'string')
        throw new InvalidEventPatternError(`${name} match pattern must be a string`);
      onlyOneKey();
      leaf.matchers.push({ kind: name, value: operand });
      return;
    }
    case 'numeric': {
      if (!Array.isArray(operand)) throw new InvalidEventPatternError('Value of numeric must be an array.');
      const matcher = numericMatcher(operand);
      tooManyElements();
      leaf.matchers.push(matcher);
      return;
    }
    case 'anything-but': {
      const matcher = anythingButMatcher(operand, extraKey);
      leaf.matchers.push(matcher);
      if (matcher.kind === 'anything-but-wildcard') leaf.wildcards.push(...matcher.patterns);
      return;
    }
    case 'exists': {
      if (typeof operand !== 'boolean') {
        throw new InvalidEventPatternError('exists match pattern must be either true or false.');
      }
      onlyOneKey();
      if (operand) leaf.matchers.push({ kind: 'exists' });
      else leaf.absent = true;
      return;
    }
    case 'cidr': {
      if (typeof operand !== 'string')
        throw new InvalidEventPatternError('prefix match pattern must be a string');
      const range = parseCidr(operand);
      onlyOneKey();
      leaf.matchers.push({ kind: 'cidr', range });
      return;
    }
    case 'equals-ignore-case': {
      if (typeof operand !== 'string') {
        throw new InvalidEventPatternError('equals-ignore-case match pattern must be a string');
      }
      onlyOneKey();
      leaf.matchers.push({ kind: 'equals-ignore-case', value: caseInsensitiveText(operand) });
      return;
    }
    case 'wildcard': {
      if (typeof operand !== 'string')
        throw new InvalidEventPatternError('wildcard match pattern must be a string');
      const pattern = parseWildcard(operand);
      onlyOneKey();
      leaf.matchers.push({ kind: 'wildcard', pattern });
      leaf.wildcards.push(pattern);
      return;
    }
    default:
      throw new InvalidEventPatternError(`Unrecognized match type ${name}`);
  }
}

/** `{"prefix": {"equals-ignore-case": "x"}}` and the suffix form. */
function ignoreCaseOperand(inner: JsonObject, label: 'Prefix' | 'Suffix', name: string): string {
  const keys = definedKeys(inner);
  const op = keys[0];
  if (op === undefined) throw new InvalidEventPatternError(`${label} expression name not found`);
  if (op !== 'equals-ignore-case') throw new InvalidEventPatternError(`Unsupported ${name} pattern: ${op}`);
  const text = inner[op];
  if (typeof text !== 'string') {
    throw new InvalidEventPatternError('equals-ignore-case match pattern must be a string');
  }
  if (keys.length > 1) throw new InvalidEventPatternError('Only one key allowed in match expression');
  return text;
}

/** A comparable double for a numeric operand, or the engine's error. */
function operandValue(value: number | JsonNumber): number {
  const text = numberText(value);
  const x = comparableValue(text);
  if (x === undefined) throw new InvalidEventPatternError(`Cannot compare number : ${text}`);
  return x;
}

function numericMatcher(items: readonly unknown[]): Matcher {
  const [op, first, op2, second] = items;
  if (typeof op !== 'string')
    throw new InvalidEventPatternError(`Invalid member in numeric match: ${tokenText(op)}`);
  const tooMany = (max: number, message: string): void => {
    if (items.length > max) throw new InvalidEventPatternError(message);
  };
  switch (op) {
    case '=': {
      if (!isNumberValue(first)) throw new InvalidEventPatternError('Value of equals must be numeric');
      tooMany(2, 'Too many elements in numeric expression');
      return { kind: 'numeric-equals', value: operandValue(first) };
    }
    case '>=':
    case '>': {
      if (!isNumberValue(first)) throw new InvalidEventPatternError(`Value of ${op} must be numeric`);
      const openBottom = op === '>';
      if (items.length === 2) {
        return {
          kind: 'numeric-range',
          bottom: operandValue(first),
          openBottom,
          top: Infinity,
          openTop: false,
        };
      }
      if (typeof op2 !== 'string') {
        throw new InvalidEventPatternError(`Bad value in numeric range: ${tokenText(op2)}`);
      }
      if (op2 !== '<' && op2 !== '<=')
        throw new InvalidEventPatternError(`Bad numeric range operator: ${op2}`);
      if (!isNumberValue(second)) throw new InvalidEventPatternError(`Value of ${op2} must be numeric`);
      tooMany(4, 'Too many terms in numeric range expression');
      const bottom = operandValue(first);
      const top = operandValue(second);
      if (bottom >= top) throw new InvalidEventPatternError('Bottom must be less than top');
      return { kind: 'numeric-range', bottom, openBottom, top, openTop: op2 === '<' };
    }
    case '<=':
    case '<': {
      if (!isNumberValue(first)) throw new InvalidEventPatternError(`Value of ${op} must be numeric`);
      tooMany(2, 'Too many elements in numeric expression');
      return {
        kind: 'numeric-range',
        bottom: -Infinity,
        openBottom: false,
        top: operandValue(first),
        openTop: op === '<',
      };
    }
    default:
      throw new InvalidEventPatternError(`Unrecognized numeric range operator: ${op}`);
  }
}

type AnythingButForm = 'equals-ignore-case' | 'prefix' | 'suffix' | 'wildcard';
const ANYTHING_BUT_FORMS = new Set<string>(['equals-ignore-case', 'prefix', 'suffix', 'wildcard']);

function anythingButMatcher(operand: unknown, extraKey: boolean): Matcher {
  let form: AnythingButForm | undefined;
  let value = operand;
  let innerExtraKey = false;
  if (isPlainObject(operand)) {
    const keys = definedKeys(operand);
    const op = keys[0];
    if (op === undefined) throw new InvalidEventPatternError('Anything-But expression name not found');
    if (!ANYTHING_BUT_FORMS.has(op))
      throw new InvalidEventPatternError(`Unsupported anything-but pattern: ${op}`);
    form = op as AnythingButForm;
    value = operand[op];
    innerExtraKey = keys.length > 1;
  }
  if (!Array.isArray(value) && typeof value !== 'string' && !isNumberValue(value)) {
    throw new InvalidEventPatternError(
      'Value of anything-but must be an array or single string/number value.',
    );
  }
  const items: readonly unknown[] = Array.isArray(value) ? value : [value];
  const matcher =
    form === undefined ? plainAnythingBut(items, Array.isArray(value)) : anythingButForm(form, items);
  if (form === undefined ? extraKey : innerExtraKey) {
    throw new InvalidEventPatternError('Too many elements in numeric expression');
  }
  if (form !== undefined && extraKey)
    throw new InvalidEventPatternError('Too many elements in numeric expression');
  return matcher;
}

function plainAnythingBut(items: readonly unknown[], isList: boolean): Matcher {
  const strings: string[] = [];
  const numbers: number[] = [];
  for (const item of items) {
    if (typeof item === 'string') strings.push(item);
    else if (isNumberValue(item)) numbers.push(operandValue(item));
    else if (isList)
      throw new InvalidEventPatternError('Inside anything but list, start|null|boolean is not supported.');
    else throw new InvalidEventPatternError('Inside anything-but list, start|null|boolean is not supported.');
  }
  if (strings.length > 0 === numbers.length > 0) {
    throw new InvalidEventPatternError(
      'Inside anything but list, either all values are number or string, mixed type is not supported',
    );
  }
  return { kind: 'anything-but', strings, numbers };
}

function anythingButForm(form: AnythingButForm, items: readonly unknown[]): Matcher {
  const texts: string[] = [];
  for (const item of items) {
    if (typeof item !== 'string') {
      if (form === 'equals-ignore-case') {
        throw new InvalidEventPatternError(
          'Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.',
        );
      }
      if (form === 'wildcard') throw new InvalidEventPatternError('wildcard match pattern must be a string');
      throw new InvalidEventPatternError('prefix/suffix match pattern must be a string');
    }
    if ((form === 'prefix' || form === 'suffix') && item === '') {
      throw new InvalidEventPatternError('Null prefix/suffix not allowed');
    }
    texts.push(item);
  }
  switch (form) {
    case 'equals-ignore-case':
      return { kind: 'anything-but-ignore-case', values: texts.map(caseInsensitiveText) };
    case 'prefix':
      return { kind: 'anything-but-prefix', values: texts };
    case 'suffix':
      return { kind: 'anything-but-suffix', values: texts };
    case 'wildcard':
      return { kind: 'anything-but-wildcard', patterns: texts.map(parseWildcard) };
  }
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
