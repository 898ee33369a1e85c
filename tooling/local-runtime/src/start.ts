import { type AddressInfo, createServer } from 'node:net';
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
  // The port is known before the services start: their config (links in emails, the certificate download
  // address) is read once, at start, and points at this runtime's URL.
  const port = await reservePort(options.port);
  const runtime = await createRuntime({ ...options, baseUrl: options.baseUrl ?? `http://127.0.0.1:${port}` });
  let server: RuntimeServer;
  try {
    server = await startServer(runtime, { port });
  } catch (error) {
    await runtime.stop();
    throw portError(error, port);
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
 * The port to listen on: the one asked for, failing at once when it is in use (before the store and every
 * service are loaded, which takes seconds), or for 0 a free one the system picks. The server's own listen
 * still reports a port taken in between.
 */
async function reservePort(port: number): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error) => reject(portError(error, port)));
    probe.listen(port, '127.0.0.1', () => {
      const { port: free } = probe.address() as AddressInfo;
      probe.close(() => resolve(free));
    });
  });
}
