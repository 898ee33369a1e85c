import { assertStage } from '@sfe/cdk-constructs/stage';
import type { RuntimeEnv, StartOptions } from '@sfe/local-runtime';
import { dataDirectoryOf } from '@sfe/local-runtime/access';
import { type CommandIo, type OptionSpec, UsageError } from '../command';

/** `--data-dir`, shared by the commands that work on the local runtime's state. */
export const dataDirOption = {
  type: 'string',
  value: '<dir>',
  description: "the local runtime's state directory (default: SFE_DATA_DIR, else .sfe at the workspace root)",
} as const satisfies OptionSpec;

/**
 * The state directory: `--data-dir` (relative to where the command was run), else the runtime's default (the
 * same rule as the runtime's, without validating the rest of its environment: a read command needs only this).
 */
export function resolveDataDirectory(explicit: string | undefined, io: CommandIo): string {
  return explicit
    ? dataDirectoryOf({ SFE_DATA_DIR: explicit }, io.cwd)
    : dataDirectoryOf(process.env, io.cwd);
}

/** The runtime's settings from its environment (`SFE_*`), for the commands that start one. */
export function runtimeOptionsOf(
  env: RuntimeEnv,
): Pick<StartOptions, 'pollIntervalMs' | 'queue' | 'stream' | 'settings' | 'archiveRetentionDays' | 'stage'> {
  return {
    stage: env.SFE_STAGE,
    pollIntervalMs: env.SFE_POLL_INTERVAL_MS,
    queue: { visibilityTimeoutMs: env.SFE_VISIBILITY_TIMEOUT_MS, maxReceiveCount: env.SFE_MAX_RECEIVE_COUNT },
    stream: { maximumRetryAttempts: env.SFE_STREAM_MAX_RETRIES, retryDelayMs: env.SFE_STREAM_RETRY_DELAY_MS },
    settings: env.settings,
    archiveRetentionDays: env.SFE_ARCHIVE_RETENTION_DAYS,
  };
}

/** `--stage`, shared by the commands that act on a deployed stage instead of the local runtime. */
export const stageOption = {
  type: 'string',
  value: '<stage>',
  description:
    'act on this deployed stage in AWS (credentials and region from the standard AWS chain) instead of the local runtime',
} as const satisfies OptionSpec;

/** The stage to act on, checked; undefined for the local runtime. `--data-dir` is the local runtime's only. */
export function targetStage(options: { stage?: string; 'data-dir'?: string }): string | undefined {
  if (options.stage === undefined) return undefined;
  if (options['data-dir'] !== undefined) {
    throw new UsageError("--data-dir is the local runtime's state; --stage acts on AWS: give one of them");
  }
  try {
    return assertStage(options.stage);
  } catch (error) {
    throw new UsageError(`--stage: ${error instanceof Error ? error.message : String(error)}`);
  }
}
