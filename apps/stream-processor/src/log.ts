import type { Context } from 'aws-lambda';

/**
 * The logging the handler needs. Powertools' `Logger` satisfies it in AWS; tests pass a recorder. Attributes
 * become top-level keys of the structured log line (eventID, sequenceNumber, correlationId, ...).
 */
export interface Log {
  debug(message: string, ...attributes: Record<string, unknown>[]): void;
  info(message: string, ...attributes: Record<string, unknown>[]): void;
  warn(message: string, ...attributes: Record<string, unknown>[]): void;
  error(message: string, ...attributes: Record<string, unknown>[]): void;
  /** Adds the Lambda context (function name, request id, cold start) to every line; Powertools has it. */
  addContext?(context: Context): void;
}

/** A `Log` that drops everything (the CLI's dry run, quiet local runs). */
export const silentLog: Log = { debug() {}, info() {}, warn() {}, error() {} };
