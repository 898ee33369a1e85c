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

/** The metrics namespace outside Lambda (the local runtime, tests), where no stack sets one. */
export const LOCAL_METRICS_NAMESPACE = 'sfe-local';

/**
 * The CloudWatch namespace for the toolkit's metrics: `POWERTOOLS_METRICS_NAMESPACE` (every stack sets it, see
 * `ServiceFunction`), else {@link LOCAL_METRICS_NAMESPACE}.
 */
export function readMetricsNamespace(
  env: Readonly<Record<string, string | undefined>> = process.env,
): string {
  return env.POWERTOOLS_METRICS_NAMESPACE || LOCAL_METRICS_NAMESPACE;
}
