import { Worker } from 'node:worker_threads';

/** A file to write whole: a reader (a person, the console, a poller) sees the old file or the new, never part. */
export interface WholeFile {
  readonly path: string;
  readonly content: string | Uint8Array;
}

/**
 * Writes each file as `<path>.<pid>.tmp`, then renames it over `<path>` (creating missing directories), in
 * order; resolves once every file is in place, so a side effect can be reported only after its file exists.
 * A `.tmp` file left by a killed process is never read (the local runtime removes them when it starts).
 *
 * The writing runs on one worker thread, synchronously, one request at a time. Why not on the main thread,
 * where the local runtime runs every handler: `fs/promises` costs four thread-pool round trips per file (open,
 * write, close, rename), each a promise and a completion there, measured at 65-175 µs of the main thread per
 * file and far more when the pool is busy; synchronous writes block it for as long as the disk takes (tried and
 * reverted in session 7). One message each way costs it 20-55 µs (BENCHMARKS.md, session 10).
 */
export function writeWholeFiles(files: readonly WholeFile[]): Promise<void> {
  const thread = writerThread();
  return new Promise((resolve, reject) => {
    const id = thread.nextId++;
    // Kept alive only while a write is pending: an idle writer never holds a process open.
    if (thread.pending.size === 0) thread.worker.ref();
    thread.pending.set(id, { resolve, reject });
    const request: WholeFilesRequest = { id, files };
    thread.worker.postMessage(request);
  });
}

/**
 * What the writer thread is sent, and what it answers (`error` when a write failed). Exported for the fault
 * harness (`tooling/reliability`), which answers some requests with an error in the thread's place.
 */
export interface WholeFilesRequest {
  readonly id: number;
  readonly files: readonly WholeFile[];
}
export interface WholeFilesAnswer {
  readonly id: number;
  readonly error?: { readonly message: string; readonly code?: string };
}

interface WriterThread {
  readonly worker: Worker;
  readonly pending: Map<number, { resolve: () => void; reject: (error: Error) => void }>;
  nextId: number;
}

let current: WriterThread | undefined;

function writerThread(): WriterThread {
  if (current) return current;
  // CommonJS source, not a module file: it runs the same under tsx, vitest and a bundle.
  const worker = new Worker(WRITER_SOURCE, { eval: true });
  worker.unref();
  const thread: WriterThread = { worker, pending: new Map(), nextId: 0 };
  worker.on('message', ({ id, error }: WholeFilesAnswer) => {
    const request = thread.pending.get(id);
    thread.pending.delete(id);
    if (thread.pending.size === 0) worker.unref();
    if (error) request?.reject(Object.assign(new Error(error.message), { code: error.code }));
    else request?.resolve();
  });
  // A writer that died fails what it held; the next write starts a new one.
  const fail = (error: Error) => {
    if (current === thread) current = undefined;
    for (const request of thread.pending.values()) request.reject(error);
    thread.pending.clear();
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the file writer thread exited with code ${code}`)));
  current = thread;
  return thread;
}

const WRITER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const { dirname } = require('node:path');
parentPort.on('message', ({ id, files }) => {
  try {
    for (const { path, content } of files) {
      const temporary = path + '.' + process.pid + '.tmp';
      try {
        fs.writeFileSync(temporary, content);
      } catch (error) {
        if (error.code !== 'ENOENT') throw error;
        fs.mkdirSync(dirname(path), { recursive: true });
        fs.writeFileSync(temporary, content);
      }
      fs.renameSync(temporary, path);
    }
    parentPort.postMessage({ id });
  } catch (error) {
    parentPort.postMessage({ id, error: { message: String(error && error.message), code: error && error.code } });
  }
});
`;
