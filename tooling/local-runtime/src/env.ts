import { assertStage, DEFAULT_STAGE } from '@sfe/cdk-constructs/stage';
import { z } from 'zod';
import { dataDirectoryOf } from './data-directory';
import { DEFAULT_ARCHIVE_RETENTION_DAYS } from './retention';

export { findWorkspaceRoot } from './data-directory';

const positiveInt = z.coerce.number().int().positive();

/** The runtime's configuration, from the environment (the only place it is read). */
export const RuntimeEnvSchema = z.object({
  /** Port of the HTTP endpoint on 127.0.0.1. */
  SFE_PORT: z.coerce.number().int().min(0).max(65_535).default(4010),
  /** The deployed stage the runtime stands in for: its bus `sfe-<stage>-bus` is accepted as the platform bus. */
  SFE_STAGE: z
    .string()
    .default(DEFAULT_STAGE)
    .check((ctx) => {
      try {
        assertStage(ctx.value);
      } catch (error) {
        ctx.issues.push({ code: 'custom', message: (error as Error).message, input: ctx.value });
      }
    }),
  /** State directory; default `.sfe` at the workspace root (or the current directory outside one). */
  SFE_DATA_DIR: z.string().min(1).optional(),
  /** How long an idle poller sleeps; commits and enqueues wake pollers at once anyway. */
  SFE_POLL_INTERVAL_MS: positiveInt.default(250),
  // Every queue and the stream run with their service definitions' numbers, the ones the stacks deploy; these
  // override them for every queue (e.g. a short visibility timeout to see retries at once). Unset: the definitions'.
  /** SQS visibility timeout of every consumer queue (the function's timeout follows, six times shorter). */
  SFE_VISIBILITY_TIMEOUT_MS: positiveInt.optional(),
  /** Receives before a message moves to its DLQ. */
  SFE_MAX_RECEIVE_COUNT: positiveInt.optional(),
  /** Retries of a failing stream batch before its on-failure destination (-1: until the record expires). */
  SFE_STREAM_MAX_RETRIES: z.coerce.number().int().min(-1).optional(),
  /** First retry delay of a failing stream batch (Lambda's backoff is not a setting; default 500 ms). */
  SFE_STREAM_RETRY_DELAY_MS: positiveInt.optional(),
  /** Days archived events are kept for replay (the dev stage's archive keeps 14). */
  SFE_ARCHIVE_RETENTION_DAYS: z.coerce.number().positive().default(DEFAULT_ARCHIVE_RETENTION_DAYS),
  NO_COLOR: z.string().optional(),
  FORCE_COLOR: z.string().optional(),
  /** Where pnpm was run from (pnpm sets it). */
  INIT_CWD: z.string().optional(),
});
export type RuntimeEnv = z.infer<typeof RuntimeEnvSchema> & {
  /** `SFE_SETTING_<NAME>=value` variables, as service settings (`NAME=value`). */
  readonly settings: Record<string, string>;
  /** The resolved state directory. */
  readonly dataDirectory: string;
};

export class RuntimeConfigError extends Error {
  override name = 'RuntimeConfigError';
}

/** Validates the environment once; throws naming every invalid variable. */
export function loadRuntimeEnv(
  env: Readonly<Record<string, string | undefined>> = process.env,
  cwd: string = process.cwd(),
): RuntimeEnv {
  const result = RuntimeEnvSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new RuntimeConfigError(`invalid local runtime configuration: ${problems.join('; ')}`);
  }
  const settings = Object.fromEntries(
    Object.entries(env)
      .filter(
        (entry): entry is [string, string] => entry[0].startsWith('SFE_SETTING_') && entry[1] !== undefined,
      )
      .map(([name, value]) => [name.slice('SFE_SETTING_'.length), value]),
  );
  return { ...result.data, settings, dataDirectory: dataDirectoryOf(result.data, cwd) };
}
