import { type EnvironmentRecord, parseConfig } from '@sfe/service-definition';
import * as z from 'zod/mini';
import { SERVICE_NAME } from './service-name';

/** The function's variables (the stack sets them; locally, `localSettings`). */
export const PlatformApiEnvSchema = z.object({
  /** The platform table it reads (set by the stack from SSM). */
  PLATFORM_TABLE_NAME: z.string().check(z.minLength(1, 'PLATFORM_TABLE_NAME must name the platform table')),
});
export type PlatformApiEnv = z.output<typeof PlatformApiEnvSchema>;

/** The validated config, from the Lambda's environment by default (the only reader of `process.env`). */
export function readPlatformApiEnv(env: EnvironmentRecord = process.env): PlatformApiEnv {
  return parseConfig(PlatformApiEnvSchema, env, SERVICE_NAME);
}
