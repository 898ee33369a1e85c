/** Base class of every error thrown by `@sfe/events`. */
export class EventsError extends Error {
  override name = 'EventsError';
}

/** One failing path in an event, e.g. `{ path: 'data.email', message: 'Invalid email address' }`. */
export interface ValidationIssue {
  readonly path: string;
  readonly message: string;
}

/** An event failed its schema: the message names the type, the version and every failing path. */
export class EventValidationError extends EventsError {
  override name = 'EventValidationError';
  constructor(
    readonly eventType: string | undefined,
    readonly eventVersion: number | undefined,
    readonly issues: readonly ValidationIssue[],
  ) {
    const what = `${eventType ?? 'unknown type'} v${eventVersion ?? '?'}`;
    super(`Invalid ${what} event: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`);
  }
}

/** A claim-checked payload could not be stored, fetched or verified. */
export class ClaimCheckError extends EventsError {
  override name = 'ClaimCheckError';
}

/** An event's version cannot be read as its type's current version (its payload lacks what that needs). */
export class EventUpgradeError extends EventsError {
  override name = 'EventUpgradeError';
}
