// EventBridge content filtering, hand-written: no npm library reproduces AWS's semantics (array consistency,
// numeric spellings, anything-but forms, CIDR and wildcard edge cases, validation messages), and the local
// runtime, the rule tests and the docs all need exactly AWS's answers. See README.md.
export { type Branch, type CompiledPattern, type Condition, compilePatternSource } from './compile';
export { EventPatternsError, InvalidEventError, InvalidEventPatternError, JsonSyntaxError } from './errors';
export { isJsonObject, JsonNumber, type JsonObject, type JsonValue, parseJson } from './json';
export { compilePattern, matches, type PatternMatcher } from './matcher';
export { RuleSet } from './rule-set';
