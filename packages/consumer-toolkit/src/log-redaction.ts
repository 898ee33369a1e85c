import type { CustomJsonReplacerFn } from '@aws-lambda-powertools/logger/types';
import { personalValuesOf, redactPersonalText } from '@sfe/events';

/**
 * Keeps personal data out of a Powertools Logger's lines: its {@link replacer} (the Logger's documented
 * `jsonReplacerFn` hook, applied to every value of every line, messages and formatted errors included)
 * replaces the personal values of the record being handled (read from the marks in the event schemas,
 * `personalValuesOf`) and any claim-check link with `REDACTED` (`redactPersonalText`).
 *
 * Hand-written because Powertools for TypeScript has no data-masking utility; and it scrubs values rather than
 * keys because a value can reach a line in any shape: an adapter's error message quoting an address, a
 * validation error, a use case's own attributes. The consumer toolkit handles one record at a time, so the
 * values are those of the current record ({@link reset} per record, {@link add} once its claim check is
 * restored).
 */
export class LogRedaction {
  #values: string[] = [];

  /** Forgets the previous record's values and takes this record's (an SQS body, an event). */
  reset(event: unknown): void {
    this.#values = [];
    this.add(event);
  }

  /** Adds the personal values of an event (e.g. its payload once restored from a claim check). */
  add(event: unknown): void {
    this.#values = [...new Set([...this.#values, ...personalValuesOf(event)])];
  }

  /** The text with the current values and every claim-check link replaced. */
  redactText(text: string): string {
    return redactPersonalText(text, this.#values);
  }

  readonly replacer: CustomJsonReplacerFn = (_key, value) =>
    typeof value === 'string' ? this.redactText(value) : value;
}
