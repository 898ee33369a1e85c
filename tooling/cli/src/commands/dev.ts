import { platformBusName } from '@sfe/cdk-constructs/stage';
import {
  createTerminalObserver,
  describeServices,
  loadRuntimeEnv,
  startLocalRuntime,
} from '@sfe/local-runtime';
import { type Command, defineCommand, UsageError } from '../command';
import { dataDirOption, resolveDataDirectory, runtimeOptionsOf } from './runtime-options';

/** Resolves with the signal's name when the runtime should stop. */
export type StopSignal = () => Promise<string>;

/** Ctrl-C or a SIGTERM; later signals are ignored while the runtime finishes what it holds. */
export const untilInterrupted: StopSignal = () =>
  new Promise((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => resolve(signal));
  });

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new UsageError(`--port "${value}" is not a port (0-65535; 0 picks a free one)`);
  }
  return port;
}

/**
 * `pnpm dev` (= `pnpm sfe dev`): the whole platform on this machine until Ctrl-C. A busy port or a store held
 * by another process ends it with one line saying so (exit 1).
 */
export function createDevCommand(stopSignal: StopSignal = untilInterrupted): Command {
  return defineCommand({
    path: ['dev'],
    summary:
      'Starts the local runtime (every service, the bus, queues, the store) until Ctrl-C. Also `pnpm dev`.',
    description:
      'Configured by SFE_* environment variables (see tooling/local-runtime/README.md); options override them.',
    options: {
      port: {
        type: 'string',
        value: '<port>',
        description: 'HTTP port on 127.0.0.1, 0 for a free one (default: SFE_PORT, else 4010)',
      },
      'data-dir': dataDirOption,
    },
    examples: ['pnpm dev', 'pnpm dev --port 4020 --data-dir /tmp/sfe-try'],
    async run({ options }, io) {
      const port = options.port === undefined ? undefined : parsePort(options.port);
      const env = loadRuntimeEnv(undefined, io.cwd);
      const colour = env.FORCE_COLOR !== undefined || (io.isTerminal === true && env.NO_COLOR === undefined);
      const observer = createTerminalObserver({
        write: (line) => io.stdout(`${line}\n`),
        colour,
        cwd: io.cwd,
      });
      const started = await startLocalRuntime({
        port: port ?? env.SFE_PORT,
        dataDirectory: resolveDataDirectory(options['data-dir'], io),
        ...runtimeOptionsOf(env),
        observer,
      });
      const { runtime, url } = started;
      observer.info(`sfe local runtime on ${url}  (state in ${runtime.dataDirectory})`);
      observer.info(`console: ${url}/console  (live events, each business moment's trace, queues and DLQs)`);
      observer.info(
        `bus: platform, also as ${platformBusName(env.SFE_STAGE)} (SFE_STAGE=${env.SFE_STAGE}) by name or ARN; default`,
      );
      for (const line of describeServices(runtime)) observer.info(line);
      observer.info(
        `function logs: ${runtime.dataDirectory}/logs/functions.log   outboxes: ${runtime.dataDirectory}/outbox`,
      );
      observer.info(
        `try: curl -s -H 'content-type: application/json' ${url}/moments/sign-up -d '{"email":"ada@example.com","name":"Ada"}'   or: pnpm sfe scenario`,
      );
      const signal = await stopSignal();
      observer.info(
        `${signal}: finishing the batches in hand, then stopping (undelivered work resumes next start)`,
      );
      await started.stop();
      return 0;
    },
  });
}

export const devCommand: Command = createDevCommand();
