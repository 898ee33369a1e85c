import { loadRuntimeEnv, type RuntimeEnv, type StartOptions } from '@sfe/local-runtime';
import type { CommandIo, OptionSpec } from '../command';

/** `--data-dir`, shared by the commands that work on the local runtime's state. */
export const dataDirOption = {
  type: 'string',
  value: '<dir>',
  description: "the local runtime's state directory (default: SFE_DATA_DIR, else .sfe at the workspace root)",
} as const satisfies OptionSpec;

/** The state directory: `--data-dir` (relative to where the command was run), else the runtime's default. */
export function resolveDataDirectory(explicit: string | undefined, io: CommandIo): string {
  return explicit
    ? loadRuntimeEnv({ SFE_DATA_DIR: explicit, INIT_CWD: io.cwd }).dataDirectory
    : loadRuntimeEnv(undefined, io.cwd).dataDirectory;
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
