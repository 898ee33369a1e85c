import { compilePattern, InvalidEventPatternError, type PatternMatcher } from '@sfe/event-patterns';
import { EventBridgeApiError } from './errors';
import { jsonDepth, MAX_EVENT_JSON_DEPTH } from './json-depth';

const MANDATORY_EVENT_FIELDS = ['id', 'account', 'source', 'time', 'region', 'detail-type'] as const;

/**
 * TestEventPattern as EventBridge answers it: an invalid pattern is an InvalidEventPatternException with AWS's
 * reason; an event that is not a JSON object with the mandatory envelope fields is a ValidationException.
 * (AWS documents `resources` as mandatory too, but does not enforce it.)
 */
export function testEventPattern(eventPattern: unknown, event: unknown): boolean {
  if (typeof eventPattern !== 'string') {
    throw new EventBridgeApiError('ValidationException', 'Parameter EventPattern is not valid.');
  }
  if (jsonDepth(eventPattern) > MAX_EVENT_JSON_DEPTH) {
    throw new EventBridgeApiError(
      'InvalidEventPatternException',
      `Event pattern is not valid. Reason: nested deeper than ${MAX_EVENT_JSON_DEPTH} levels.`,
    );
  }
  let matcher: PatternMatcher;
  try {
    matcher = compilePattern(eventPattern);
  } catch (error) {
    if (error instanceof InvalidEventPatternError) {
      throw new EventBridgeApiError('InvalidEventPatternException', error.message);
    }
    throw new EventBridgeApiError(
      'InvalidEventPatternException',
      `Event pattern is not valid. Reason: ${(error as Error).message}`,
    );
  }
  if (typeof event === 'string' && jsonDepth(event) > MAX_EVENT_JSON_DEPTH) {
    throw new EventBridgeApiError(
      'ValidationException',
      `Parameter Event is not valid. Reason: nested deeper than ${MAX_EVENT_JSON_DEPTH} levels.`,
    );
  }
  let parsed: unknown;
  try {
    parsed = typeof event === 'string' ? JSON.parse(event) : undefined;
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new EventBridgeApiError('ValidationException', 'Parameter Event is not valid.');
  }
  const missing = MANDATORY_EVENT_FIELDS.find((field) => !(field in parsed));
  if (missing) {
    throw new EventBridgeApiError(
      'ValidationException',
      `Parameter Event is not valid. Reason: Provided Event is missing required field ${missing}.`,
    );
  }
  // The text, not the parsed value: numbers reach the engine spelled as sent (3.0E2, -0).
  return matcher.matches(event);
}
