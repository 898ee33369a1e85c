/** Base class of every error thrown by `@sfe/consumer-toolkit`. */
export class ConsumerToolkitError extends Error {
  override name = 'ConsumerToolkitError';
}

/**
 * A valid event of a type this consumer does not accept: its rule should not have routed it here, so the
 * record fails (and reaches the DLQ) rather than being silently dropped.
 */
export class UnacceptedEventError extends ConsumerToolkitError {
  override name = 'UnacceptedEventError';
  constructor(
    readonly eventType: string,
    readonly accepted: readonly string[],
  ) {
    super(`event type "${eventType}" is not accepted by this consumer (accepts: ${accepted.join(', ')})`);
  }
}

/** An SQS message that is not the AWS service event its consumer expects; names every offending field. */
export class AwsEventValidationError extends ConsumerToolkitError {
  override name = 'AwsEventValidationError';
}

/**
 * An event more causal steps deep than the consumer allows: the mark of a loop (A's event makes B act, whose
 * event makes A act, ...). The record fails without its side effect and reaches the DLQ with this reason.
 */
export class LoopGuardError extends ConsumerToolkitError {
  override name = 'LoopGuardError';
  constructor(
    readonly depth: number,
    readonly limit: number,
  ) {
    super(`loop guard: depth ${depth} > ${limit}`);
  }
}
