// EventBridge content filtering, written here by hand: no npm library reproduces AWS's semantics (array
// consistency, numeric spellings and precision, the anything-but forms, CIDR and wildcard edge cases, AWS's
// validation messages), and the local runtime, every service's rule tests and the docs all need AWS's answers.
export {
  type Branch,
  type CompiledPattern,
  type Condition,
  compilePatternSource,
  MAX_BRANCHES,
  wildcardComplexityOf,
} from './compile';
export { EventPatternsError, InvalidEventError, InvalidEventPatternError, JsonSyntaxError } from './errors';
export { isJsonObject, JsonNumber, type JsonObject, type JsonValue, parseJson } from './json';
export { compilePattern, matches, type PatternMatcher } from './matcher';
export type { Matcher } from './matchers';
export { comparableValue } from './numeric';
export { RuleSet } from './rule-set';
export {
  type DomainEventPatternOptions,
  domainEventPattern,
  type FieldPattern,
  type LeafValue,
  type NumberOperator,
  type NumericRange,
  type PatternOf,
  type StringOperator,
} from './typed';
export { MAX_WILDCARD_COMPLEXITY } from './wildcard';
