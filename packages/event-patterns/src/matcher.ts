import { RuleSet } from './rule-set';

/** A compiled, reusable pattern. */
export interface PatternMatcher {
  /** Whether the event (JSON text or a parsed value) matches the pattern. */
  matches(event: unknown): boolean;
}

/**
 * Validates and compiles a pattern (JSON text or a parsed value) once, for matching many events. Throws
 * {@link InvalidEventPatternError} with AWS's reason if EventBridge would reject the pattern.
 *
 * @example
 * const isCompletion = compilePattern({ 'detail-type': ['CourseCompleted'] });
 * isCompletion.matches(event); // true or false
 */
export function compilePattern(pattern: unknown): PatternMatcher {
  const rules = new RuleSet();
  rules.add('pattern', pattern);
  return { matches: (event) => rules.matchesAny(event) };
}

/**
 * Whether an event matches a pattern, as EventBridge's TestEventPattern answers. Compiles the pattern on every
 * call: use {@link compilePattern} or a {@link RuleSet} to match many events.
 */
export function matches(pattern: unknown, event: unknown): boolean {
  return compilePattern(pattern).matches(event);
}
