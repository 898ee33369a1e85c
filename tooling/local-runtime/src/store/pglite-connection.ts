import { Worker } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { LocalStoreError } from './errors';

/**
 * The store's one connection to PostgreSQL, at the level of its wire protocol: a message of bytes in, PostgreSQL's
 * answer out (`SqlDatabase` builds the messages and parses the answers). Exchanges run one at a time, in the order
 * they were asked for.
 */
export interface PostgresConnection {
  exchange(message: Uint8Array): Promise<Uint8Array>;
  close(): Promise<void>;
}

export interface ConnectOptions {
  /** The data directory (`<state>/db`); none for a throwaway in-memory database. */
  readonly dataDir: string | undefined;
  /** PostgreSQL's settings over PGlite's defaults (`-c name=value` pairs). */
  readonly settings?: readonly string[];
  /**
   * Where PostgreSQL runs. `worker`: in a worker thread of its own (the runtime: PostgreSQL's WebAssembly and its
   * file writes take about half the CPU of each business moment, so with the handlers on the main thread the
   * process uses two cores). `this`: in the calling thread (a CLI command's few reads: no thread to start).
   */
  readonly thread: 'worker' | 'this';
}

/** Starts PGlite on `dataDir` (creating the database on first use) and connects to it. */
export function connectPostgres(options: ConnectOptions): Promise<PostgresConnection> {
  const startParams = [...PGlite.defaultStartParams, ...(options.settings ?? [])];
  return options.thread === 'worker'
    ? connectInWorker(options.dataDir, startParams)
    : connectInThisThread(options.dataDir, startParams);
}

async function connectInThisThread(
  dataDir: string | undefined,
  startParams: string[],
): Promise<PostgresConnection> {
  const pglite = new PGlite(dataDir, { startParams });
  await pglite.waitReady;
  return {
    // No `syncToFs` after each: it is PGlite's hook for file systems kept in memory and copied out (IndexedDB,
    // OPFS), and does nothing for the Node file system and the in-memory store used here.
    exchange: (message) => pglite.execProtocolRaw(message, { syncToFs: false }),
    close: () => pglite.close(),
  };
}

type WorkerAnswer =
  | { readonly id: number; readonly answer: Uint8Array }
  | { readonly id: number; readonly closed: true }
  | { readonly id: number; readonly error: ThreadError };
type ThreadError = { readonly name: string; readonly message: string; readonly stack?: string };

/**
 * PGlite in a worker thread (`pglite-worker.mjs`). Requests go out as they come (the worker answers them in order,
 * one at a time), so the main thread never waits for one before sending the next; `SqlDatabase` decides the order.
 * The worker keeps the process alive only while a request is out, as PGlite in this thread would.
 */
async function connectInWorker(
  dataDir: string | undefined,
  startParams: string[],
): Promise<PostgresConnection> {
  const worker = new Worker(new URL('./pglite-worker.mjs', import.meta.url), {
    workerData: { dataDir, startParams },
  });
  const pending = new Map<number, { resolve: (answer: WorkerAnswer) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  let failure: Error | undefined;
  /** Once closing, the worker holds the process until it has exited (its files closed). */
  let closing = false;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  const failAll = (error: Error) => {
    failure ??= error;
    for (const { reject } of pending.values()) reject(failure);
    pending.clear();
    worker.unref();
  };
  worker.on('error', (error) => failAll(error));
  worker.on('exit', (code) => failAll(new LocalStoreError(`the store's thread exited (code ${code})`)));

  await new Promise<void>((resolve, reject) => {
    const onStart = (message: { ready: boolean; error?: ThreadError }) => {
      worker.off('error', reject);
      if (message.ready) resolve();
      else reject(fromThread(message.error));
    };
    worker.once('message', onStart);
    worker.once('error', reject);
  });
  worker.on('message', (answer: WorkerAnswer) => {
    const waiting = pending.get(answer.id);
    if (!waiting) return;
    pending.delete(answer.id);
    if (pending.size === 0 && !closing) worker.unref();
    waiting.resolve(answer);
  });
  worker.unref();

  const request = (message: { message?: Uint8Array; close?: true }, transfer: ArrayBuffer[] = []) => {
    if (failure) return Promise.reject(failure);
    const id = nextId++;
    const answer = new Promise<WorkerAnswer>((resolve, reject) => pending.set(id, { resolve, reject }));
    if (pending.size === 1) worker.ref();
    worker.postMessage({ id, ...message }, transfer);
    return answer;
  };
  return {
    async exchange(message) {
      const answer = await request({ message });
      if ('error' in answer) throw fromThread(answer.error);
      if (!('answer' in answer)) throw new LocalStoreError('the store thread answered a query with no data');
      return answer.answer;
    },
    async close() {
      closing = true;
      const answer = await request({ close: true });
      if ('error' in answer) throw fromThread(answer.error);
      await exited;
    },
  };
}

function fromThread(error: ThreadError | undefined): Error {
  const rebuilt = new LocalStoreError(error?.message ?? 'the store thread failed');
  if (error?.stack) rebuilt.stack = error.stack;
  return rebuilt;
}
