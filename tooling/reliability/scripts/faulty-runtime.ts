// `pnpm dev` with injected adapter failures, for the fault-injection run (src/faults.ts starts it as a child
// process and SIGKILLs it at random). SFE_FAULT_RATE (0..1) is the chance that each of these fails:
// - a write to an outbox (`.sfe/outbox/...`): the email, Slack and Telegram stand-ins (EIO on the write);
// - a write to the certificates bucket (the certificate store of the certificate service);
// - a PutEvents of the stream processor to the bus (the stream publish).
// Failures are injected below the services, where the outside system would fail, so their real retry paths
// run. Everything else is `pnpm dev` unchanged.
import { appendFileSync, mkdirSync } from 'node:fs';
import fsPromises from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import { join, sep } from 'node:path';

const rate = Number(process.env.SFE_FAULT_RATE ?? '0');
// Each injected fault is noted in <data>/faults.log (kind, then what), so the run can say how many it made.
const faultLog = join(process.env.SFE_DATA_DIR ?? '.sfe', 'faults.log');
mkdirSync(join(faultLog, '..'), { recursive: true });
let injected = 0;
const fail = (kind: 'outbox' | 'certificate-store' | 'stream-publish', what: string) => {
  injected += 1;
  appendFileSync(faultLog, `${kind}\t${what}\n`);
  return Object.assign(new Error(`injected fault #${injected}: ${what}`), { code: 'EIO' });
};
const originalWriteFile = fsPromises.writeFile;
fsPromises.writeFile = ((path: Parameters<typeof originalWriteFile>[0], ...rest: unknown[]) => {
  const file = String(path);
  if (Math.random() < rate) {
    if (file.includes(`${sep}outbox${sep}`)) return Promise.reject(fail('outbox', `outbox write ${file}`));
    if (file.includes(`${sep}buckets${sep}certificates${sep}`)) {
      return Promise.reject(fail('certificate-store', `certificate store write ${file}`));
    }
  }
  return (originalWriteFile as (...args: unknown[]) => Promise<void>)(path, ...rest);
}) as typeof originalWriteFile;
// ES modules' named imports of `node:fs/promises` follow the patched function from here on.
syncBuiltinESMExports();

const { LocalEventBus, loadRuntimeEnv, silentObserver, startLocalRuntime } = await import(
  '@sfe/local-runtime'
);
const putEvents = LocalEventBus.prototype.putEvents;
LocalEventBus.prototype.putEvents = function (this: InstanceType<typeof LocalEventBus>, entries: unknown) {
  const fromStream =
    Array.isArray(entries) &&
    entries.some((entry) => (entry as { Source?: unknown }).Source === 'sfe-stream-processor');
  if (fromStream && Math.random() < rate)
    return Promise.reject(fail('stream-publish', 'stream publish (PutEvents)'));
  return putEvents.call(this, entries);
};

const env = loadRuntimeEnv();
const started = await startLocalRuntime({
  port: env.SFE_PORT,
  dataDirectory: env.dataDirectory,
  pollIntervalMs: env.SFE_POLL_INTERVAL_MS,
  queue: { visibilityTimeoutMs: env.SFE_VISIBILITY_TIMEOUT_MS, maxReceiveCount: env.SFE_MAX_RECEIVE_COUNT },
  stream: { maximumRetryAttempts: env.SFE_STREAM_MAX_RETRIES, retryDelayMs: env.SFE_STREAM_RETRY_DELAY_MS },
  settings: env.settings,
  observer: silentObserver,
});
process.stdout.write(`faulty runtime on ${started.url} (fault rate ${rate})\n`);
process.on('SIGTERM', () => {
  started.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
