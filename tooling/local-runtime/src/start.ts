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
  const runtime = await createRuntime(options);
  let server: RuntimeServer;
  try {
    server = await startServer(runtime, { port: options.port });
  } catch (error) {
    await runtime.stop();
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new Error(
        `port ${options.port} is in use: stop what holds it, or pick another (--port, SFE_PORT)`,
      );
    }
    throw error;
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
