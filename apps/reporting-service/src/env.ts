import { z } from 'zod';

const EnvSchema = z.object({
  /** The reporting table this service owns; set by the stack. */
  REPORTING_TABLE_NAME: z.string().min(1),
  /** Powertools idempotency records; set by `bindIdempotencyTable`. */
  IDEMPOTENCY_TABLE_NAME: z.string().min(1),
});
export type ReportingEnv = z.infer<typeof EnvSchema>;

/** The service's configuration, validated once; the error names every missing or invalid variable. */
export function readEnv(env: Readonly<Record<string, string | undefined>> = process.env): ReportingEnv {
  const result = EnvSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`reporting-service: invalid environment: ${problems.join('; ')}`);
  }
  return result.data;
}
