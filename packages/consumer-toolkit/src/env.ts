import { z } from 'zod';

const IdempotencyEnvSchema = z.object({
  IDEMPOTENCY_TABLE_NAME: z.string().min(1, 'IDEMPOTENCY_TABLE_NAME must name the idempotency table'),
});

/** The idempotency table's name from the function's environment (set by the stack), validated. */
export function readIdempotencyTableName(
  env: Readonly<Record<string, string | undefined>> = process.env,
): string {
  const result = IdempotencyEnvSchema.safeParse(env);
  if (!result.success) {
    throw new Error(
      `Invalid environment: ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  return result.data.IDEMPOTENCY_TABLE_NAME;
}
