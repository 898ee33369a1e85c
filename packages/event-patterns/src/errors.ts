/** Base class of every error this package throws. */
export class EventPatternsError extends Error {
  override readonly name: string = 'EventPatternsError';
}

/**
 * The pattern is not one EventBridge accepts: the counterpart of AWS's `InvalidEventPatternException`.
 * `reason` is the part AWS prints after "Reason:", e.g. `Empty arrays are not allowed`.
 */
export class InvalidEventPatternError extends EventPatternsError {
  override readonly name = 'InvalidEventPatternError';
  constructor(readonly reason: string) {
    super(`Event pattern is not valid. Reason: ${reason}`);
  }
}

/** Text that is not JSON (or JSON that is not a JSON object where one is required). */
export class JsonSyntaxError extends EventPatternsError {
  override readonly name = 'JsonSyntaxError';
}

/** An event that cannot be matched: not valid JSON, or not a JSON object. */
export class InvalidEventError extends EventPatternsError {
  override readonly name = 'InvalidEventError';
}
