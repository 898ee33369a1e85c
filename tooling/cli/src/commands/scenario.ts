import {
  createTerminalObserver,
  directRuntimeAccess,
  findStoreHolder,
  httpRuntimeAccess,
  loadRuntimeEnv,
  type RuntimeAccess,
  runScenario,
  type StartedRuntime,
  startLocalRuntime,
} from '@sfe/local-runtime';
import { type Command, type CommandIo, UsageError } from '../command';

/** `--data-dir <dir>` (else SFE_DATA_DIR, else `.sfe` at the workspace root): shared by the local commands. */
export function dataDirectoryOf(
  args: readonly string[],
  io: CommandIo,
): { dataDirectory: string; rest: string[] } {
  const rest: string[] = [];
  let explicit: string | undefined;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--data-dir') {
      explicit = args[++i];
      if (!explicit) throw new UsageError('--data-dir needs a directory');
    } else {
      rest.push(args[i] as string);
    }
  }
  const env = loadRuntimeEnv(undefined, io.cwd);
  const dataDirectory = explicit
    ? loadRuntimeEnv({ SFE_DATA_DIR: explicit, INIT_CWD: io.cwd }).dataDirectory
    : env.dataDirectory;
  return { dataDirectory, rest };
}

/**
 * `pnpm sfe scenario`: the seed's business moments end to end. Against the running runtime (`pnpm dev`) through
 * its HTTP API when one holds the store; otherwise in a runtime started in this process for the run, whose
 * lines are printed as it works.
 */
export const scenarioCommand: Command = {
  path: ['scenario'],
  usage: 'scenario [--data-dir <dir>]',
  summary:
    'Runs a sign-up, a purchase, a course completion and a video upload end to end, and prints what happened.',
  async run(args, io) {
    const { dataDirectory, rest } = dataDirectoryOf(args, io);
    if (rest.length > 0) throw new UsageError(`unknown argument "${rest[0]}"`);
    const env = loadRuntimeEnv(undefined, io.cwd);
    const holder = await findStoreHolder(dataDirectory);
    let started: StartedRuntime | undefined;
    let access: RuntimeAccess;
    if (holder?.url) {
      access = httpRuntimeAccess(holder.url, dataDirectory);
      io.stdout(`Scenario against the running runtime at ${holder.url} (its terminal shows each step).\n`);
    } else {
      io.stdout(
        `No runtime is running on ${dataDirectory}: starting one in this process for the scenario.\n`,
      );
      started = await startLocalRuntime({
        port: 0,
        dataDirectory,
        pollIntervalMs: env.SFE_POLL_INTERVAL_MS,
        queue: {
          visibilityTimeoutMs: env.SFE_VISIBILITY_TIMEOUT_MS,
          maxReceiveCount: env.SFE_MAX_RECEIVE_COUNT,
        },
        stream: {
          maximumRetryAttempts: env.SFE_STREAM_MAX_RETRIES,
          retryDelayMs: env.SFE_STREAM_RETRY_DELAY_MS,
        },
        settings: env.settings,
        observer: createTerminalObserver({
          write: (line) => io.stdout(`${line}\n`),
          colour: false,
          cwd: io.cwd,
        }),
      });
      access = directRuntimeAccess(started.runtime, {
        started: true,
        description: `an in-process runtime on ${dataDirectory}`,
      });
    }
    try {
      const report = await runScenario(access, { write: (line) => io.stdout(`${line}\n`) });
      const missing = [
        report.certificate?.startsWithPdf ? undefined : 'a certificate PDF',
        report.emails.length >= 4
          ? undefined
          : 'four emails (welcome, receipt, congratulations, certificate)',
        report.chatMessages.length > 0 ? undefined : 'chat messages',
        report.video.published ? undefined : 'VideoPublished',
      ].filter((item) => item !== undefined);
      if (missing.length > 0) {
        io.stderr(
          `The scenario is missing: ${missing.join('; ')}. See the runtime's output and \`pnpm sfe dlq list\`.\n`,
        );
        return 1;
      }
      return 0;
    } finally {
      await started?.stop();
    }
  },
};
