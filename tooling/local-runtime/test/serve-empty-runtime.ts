import { afterAll, beforeAll } from 'vitest';
import { type RuntimeServer, startServer } from '../src/http/server';
import { createRuntime, type Runtime } from '../src/runtime';
import { temporaryDataDirectory } from './helpers';

export interface ServedRuntime {
  readonly runtime: Runtime;
  readonly server: RuntimeServer;
  /** The runtime's state directory (its outboxes, buckets and logs live below it). */
  readonly directory: string;
}

/**
 * For the suites that test what the endpoint lets in and how it answers: a runtime with no services, served on
 * a free port, started before the suite and removed after it. Read the fields inside tests (they are set by
 * `beforeAll`).
 */
export function serveEmptyRuntime(prefix: string): ServedRuntime {
  let served: ServedRuntime | undefined;
  let remove: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const data = await temporaryDataDirectory(prefix);
    remove = data.remove;
    const runtime = await createRuntime({
      dataDirectory: data.directory,
      inMemory: true,
      services: [],
      captureFunctionLogs: false,
    });
    const server = await startServer(runtime, { port: 0 });
    runtime.setBaseUrl(server.url);
    served = { runtime, server, directory: data.directory };
  }, 120_000);
  afterAll(async () => {
    await served?.server.close();
    await served?.runtime.stop();
    await remove?.();
  });
  const current = (): ServedRuntime => {
    if (!served) throw new Error('the runtime is served from beforeAll: read it inside a test');
    return served;
  };
  return {
    get runtime() {
      return current().runtime;
    },
    get server() {
      return current().server;
    },
    get directory() {
      return current().directory;
    },
  };
}
