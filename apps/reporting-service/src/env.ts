import { PlatformApiConfigShape } from '@sfe/platform-client';
import { type EnvironmentRecord, IdempotencyConfigShape, parseConfig } from '@sfe/service-definition';
import * as z from 'zod/mini';
import { SERVICE_NAME } from './service-name';

/** The service's variables (the stack sets them; locally, `localSettings` and the person's settings). */
export const ReportingEnvSchema = z.object({
  ...IdempotencyConfigShape,
  // PLATFORM_API_FUNCTION_NAME (set by `bindPlatformApi`) or PLATFORM_API_URL, and AWS_REGION: revenue reads payments back (light events).
  ...PlatformApiConfigShape,
  /** The reporting table this service owns; set by the stack. */
  REPORTING_TABLE_NAME: z.string().check(z.minLength(1)),
});
export type ReportingEnv = z.output<typeof ReportingEnvSchema>;

/** The validated config, from the Lambda's environment by default (the only reader of `process.env`). */
export function readReportingEnv(env: EnvironmentRecord = process.env): ReportingEnv {
  return parseConfig(ReportingEnvSchema, env, SERVICE_NAME);
}
