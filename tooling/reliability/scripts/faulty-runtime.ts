// `pnpm dev` with injected adapter failures, for the fault-injection run (src/faults.ts starts it as a child
// process and SIGKILLs it at random). SFE_FAULT_RATE (0..1) is the chance that each of these fails:
// - a write to an outbox (`.sfe/outbox/...`): the email, Slack and Telegram stand-ins (EIO on the write);
// - a write to the certificates bucket (the certificate store of the certificate service);
// - a PutEvents of the stream processor to the bus (the stream publish).
// Failures are injected below the services, where the outside system would fail, so their real retry paths
// run. Everything else is `pnpm dev` unchanged.
import { appendFileSync, mkdirSync } from 'node:fs';
import { join, sep } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { WholeFilesAnswer, WholeFilesRequest } from '@sfe/blob-store';

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
// Outbox files and bucket objects are written by @sfe/blob-store's writer thread (`writeWholeFiles`): each
// `WholeFilesRequest` is answered with a `WholeFilesAnswer`, carrying an error when a write failed. A fault
// answers it as the thread would on EIO, without writing (the types are the thread's own, so a change of its
// messages fails this file's typecheck instead of silently injecting nothing).
const postMessage = Worker.prototype.postMessage;
Worker.prototype.postMessage = function (this: Worker, message: unknown, ...rest: unknown[]) {
  const request = message as Partial<WholeFilesRequest> | null | undefined;
  const file = String(request?.files?.[0]?.path ?? '');
  if (request?.files && request.id !== undefined && Math.random() < rate) {
    const error = file.includes(`${sep}outbox${sep}`)
      ? fail('outbox', `outbox write ${file}`)
      : file.includes(`${sep}buckets${sep}certificates${sep}`)
        ? fail('certificate-store', `certificate store write ${file}`)
        : undefined;
    if (error) {
      const answer: WholeFilesAnswer = { id: request.id, error: { message: error.message, code: 'EIO' } };
      setImmediate(() => this.emit('message', answer));
      return;
    }
  }
  return (postMessage as (...args: unknown[]) => void).call(this, message, ...rest);
};

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
