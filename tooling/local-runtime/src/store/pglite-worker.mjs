// The body of the store's worker thread (`pglite-connection.ts` starts it): PostgreSQL (PGlite) runs here, so its
// WebAssembly and its writes to the data directory take the second core while the main thread runs the handlers.
// It speaks PostgreSQL's wire protocol only: a message of bytes in, PostgreSQL's answer out, one at a time in the
// order they came. Plain JavaScript so that Node loads it as it is in a worker, whatever runs the main thread
// (tsx, vitest, a bundle).
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';

if (!parentPort) throw new Error('pglite-worker.mjs runs as a worker thread (see pglite-connection.ts)');
const port = parentPort;

const pglite = new PGlite(workerData.dataDir, { startParams: workerData.startParams });
pglite.waitReady.then(
  () => port.postMessage({ ready: true }),
  (error) => port.postMessage({ ready: false, error: describe(error) }),
);

port.on('message', async (request) => {
  try {
    await pglite.waitReady;
    if (request.close) {
      await pglite.close();
      port.postMessage({ id: request.id, closed: true });
      port.close();
      return;
    }
    // Synchronous: requests are answered in the order they arrived, each whole before the next.
    const answer = pglite.execProtocolRawSync(request.message);
    port.postMessage({ id: request.id, answer }, [answer.buffer]);
  } catch (error) {
    port.postMessage({ id: request.id, error: describe(error) });
  }
});

/** An error as a plain object (what crosses threads): its name, message and stack. */
function describe(error) {
  return error instanceof Error
    ? { name: error.name, message: error.message, stack: error.stack }
    : { name: 'Error', message: String(error) };
}
