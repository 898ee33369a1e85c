// Helpers shared by this package's tests (not exported from the package).
import { EventValidationError } from './errors';

/** Runs `fn` and returns the EventValidationError it throws; fails the test if it throws nothing or else. */
export function validationErrorOf(fn: () => unknown): EventValidationError {
  try {
    fn();
  } catch (error) {
    if (error instanceof EventValidationError) return error;
    throw error;
  }
  throw new Error('expected an EventValidationError, but nothing was thrown');
}

/** A deep copy of a JSON value, to mutate in a test. */
export function copyOf<T>(value: T): T {
  return structuredClone(value);
}
