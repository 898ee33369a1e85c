// `pnpm dev`: the whole platform on this machine until Ctrl-C.
import { loadRuntimeEnv } from './env';
import { createTerminalObserver } from './output/terminal';
import { startLocalRuntime } from './start';

const env = loadRuntimeEnv();
const colour = env.FORCE_COLOR !== undefined || (process.stdout.isTTY === true && env.NO_COLOR === undefined);
// The runtime's own lines bypass the capture of function logs (which patches process.stdout.write).
const write = process.stdout.write.bind(process.stdout);
const observer = createTerminalObserver({
  write: (line) => write(`${line}\n`),
  colour,
  cwd: env.INIT_CWD ?? process.cwd(),
});

const started = await startLocalRuntime({
  port: env.SFE_PORT,
  dataDirectory: env.dataDirectory,
  pollIntervalMs: env.SFE_POLL_INTERVAL_MS,
  queue: { visibilityTimeoutMs: env.SFE_VISIBILITY_TIMEOUT_MS, maxReceiveCount: env.SFE_MAX_RECEIVE_COUNT },
  stream: { maximumRetryAttempts: env.SFE_STREAM_MAX_RETRIES, retryDelayMs: env.SFE_STREAM_RETRY_DELAY_MS },
  settings: env.settings,
  observer,
});
const { runtime, url } = started;
observer.info(`sfe local runtime on ${url}  (state in ${runtime.dataDirectory})`);
observer.info(`services: ${runtime.consumerQueues.map((q) => q.queue).join(', ')}`);
observer.info(
  `function logs: ${runtime.dataDirectory}/logs/functions.log   outboxes: ${runtime.dataDirectory}/outbox`,
);
observer.info(
  `try: curl -s -XPOST ${url}/moments/sign-up -d '{"email":"ada@example.com","name":"Ada"}'   or: pnpm sfe scenario`,
);

let stopping = false;
const shutdown = (signal: string) => {
  if (stopping) return;
  stopping = true;
  observer.info(
    `${signal}: finishing the batches in hand, then stopping (undelivered work resumes next start)`,
  );
  started.stop().then(
    () => process.exit(0),
    (error: unknown) => {
      observer.error(String(error));
      process.exit(1);
    },
  );
};
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
