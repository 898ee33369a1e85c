import { createServer } from 'node:net';
import { type RuntimeServer, startServer } from './http/server';
import { createRuntime, type Runtime, type RuntimeOptions } from './runtime';

export interface StartOptions extends RuntimeOptions {
  /** HTTP port on 127.0.0.1 (0 picks a free one). */
  readonly port: number;
}

export interface StartedRuntime {
  readonly runtime: Runtime;
  readonly server: RuntimeServer;
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * Starts the runtime and its HTTP endpoint, and advertises the endpoint in the store's lock file so CLI
 * commands reach this process instead of opening the store (PGlite is single-process).
 */
export async function startLocalRuntime(options: StartOptions): Promise<StartedRuntime> {
  await checkPortFree(options.port);
  const runtime = await createRuntime(options);
  let server: RuntimeServer;
  try {
    server = await startServer(runtime, { port: options.port });
  } catch (error) {
    await runtime.stop();
    throw portError(error, options.port);
  }
  runtime.setBaseUrl(server.url);
  await runtime.store.advertise({ url: server.url, startedAt: new Date().toISOString() });
  runtime.start();
  let stopped: Promise<void> | undefined;
  return {
    runtime,
    server,
    url: server.url,
    stop() {
      stopped ??= (async () => {
        await server.close();
        await runtime.stop();
      })();
      return stopped;
    },
  };
}

/** A busy port said in one line; other errors as they are. */
function portError(error: unknown, port: number): unknown {
  return (error as NodeJS.ErrnoException).code === 'EADDRINUSE'
    ? new Error(`port ${port} is in use: stop what holds it, or pick another (--port, SFE_PORT)`)
    : error;
}

/**
 * Fails at once on a port in use, before the store and every service are loaded (seconds). The server's own
 * listen still reports a port taken in between.
 */
async function checkPortFree(port: number): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error) => reject(portError(error, port)));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}
