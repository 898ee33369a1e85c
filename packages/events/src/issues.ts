import type * as z from 'zod/mini';
import type { ValidationIssue } from './errors';

/** Flattens zod's issues into `path: message` pairs with dotted paths (`data.email`, `metadata.id`). */
export function toValidationIssues(error: z.core.$ZodError, prefix = ''): ValidationIssue[] {
  return error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.'),
    message: issue.message,
  }));
}
