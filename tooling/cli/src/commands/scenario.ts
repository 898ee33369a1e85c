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
import { defineCommand } from '../command';
import { dataDirOption, resolveDataDirectory, runtimeOptionsOf } from './runtime-options';

/**
 * `pnpm sfe scenario`: the seed's business moments end to end. Against the running runtime (`pnpm dev`) through
 * its HTTP API when one holds the store; otherwise in a runtime started in this process for the run, whose
 * lines are printed as it works.
 */
export const scenarioCommand = defineCommand({
  path: ['scenario'],
  summary:
    'Runs a sign-up, a purchase, a course completion and a video upload end to end, and prints what happened.',
  description:
    'Uses the running runtime (pnpm dev) if one holds the store, else starts one in this process for the run.',
  options: { 'data-dir': dataDirOption },
  examples: ['pnpm sfe scenario', 'pnpm sfe scenario --data-dir /tmp/sfe-try'],
  async run({ options }, io) {
    const dataDirectory = resolveDataDirectory(options['data-dir'], io);
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
        ...runtimeOptionsOf(env),
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
      const report = await runScenario(access, {
        write: (line) => io.stdout(`${line}\n`),
        // A runtime started here stops with the command: only a running one's console can be followed after.
        ...(holder?.url ? { consoleUrl: `${holder.url}/console` } : {}),
      });
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
});
