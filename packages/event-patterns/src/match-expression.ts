import { ipToHex, parseCidr } from './cidr';
import { InvalidEventPatternError } from './errors';
import { caseInsensitiveText } from './ignore-case';
import { isJsonObject, JsonNumber, type JsonObject } from './json';
import type { Matcher } from './matchers';
import { comparableValue } from './numeric';
import { parseWildcard, type WildcardPattern } from './wildcard';

/**
 * The elements of a field's value list: plain values (`"a"`, `300`, `null`) and match expressions
 * (`{"prefix": "a"}`, `{"numeric": [">", 0]}`, ...), validated with the engine's checks and messages, in the
 * order its streaming parser meets them.
 */

/** What one field's value list compiles to. */
export interface Leaf {
  readonly matchers: Matcher[];
  /** The list contains `{"exists": false}`. */
  absent: boolean;
  /** Wildcard operands (of `wildcard` and `anything-but` `wildcard`), for the complexity check. */
  readonly wildcards: WildcardPattern[];
}

/** Adds one element of a value list to the leaf, or throws the engine's error. */
export function addValue(leaf: Leaf, value: unknown): void {
  if (isJsonObject(value)) {
    addMatchExpression(leaf, value);
  } else if (typeof value === 'string') {
    // A string that is an IP address literal is compared as an address.
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

/** Keys whose value is defined (a JS object may carry `undefined`, which JSON cannot). */
export function definedKeys(obj: JsonObject): string[] {
  return Object.keys(obj).filter((k) => obj[k] !== undefined);
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
  if (isJsonObject(value)) return '{';
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
      if (isJsonObject(operand)) {
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
  if (isJsonObject(operand)) {
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
