import { MOMENT_NAMES } from '../moments/moment-names';
import { listDeadLetters, QueueStore } from '../queues/queue-store';
// Types only: the runtime is imported when redrive, replay or a moment needs it.
import type { Runtime } from '../runtime';
import { readArchivedEvents } from '../store/archive';
import type { LocalStore } from '../store/local-store';
import { formatMinorUnitsHere, putAwsEventOn, type RuntimeAccess, storeDescription } from './runtime-access';

/**
 * Access on the store's files while no runtime runs. Reads (tables, dead letters, the archive) go straight to
 * the store; the runtime (every service loaded, its rules and queues) is built on the same store only for what
 * needs it (redrive, replay, a moment): loading every service takes seconds a `report` should not wait for.
 */
export function storeRuntimeAccess(store: LocalStore): RuntimeAccess {
  let runtime: Promise<Runtime> | undefined;
  const opened = () => {
    runtime ??= (async () => {
      const [{ createRuntime }, { silentObserver }] = await Promise.all([
        import('../runtime'),
        import('../output/terminal'),
      ]);
      return createRuntime({ dataDirectory: store.dataDirectory, store, observer: silentObserver });
    })();
    return runtime;
  };
  return {
    mode: 'direct',
    description: storeDescription(store.dataDirectory),
    dataDirectory: store.dataDirectory,
    listDeadLetters: () => listDeadLetters(new QueueStore(store.db)),
    redrive: async (queue) => (await opened()).redrive(queue),
    replay: async (range, onProgress) => (await opened()).replay(range, onProgress),
    moment: async (name, input) => (await opened()).moments[MOMENT_NAMES[name]](input),
    idle: async () => {},
    archivedEvents: (since) => readArchivedEvents(store, since),
    query: (table, pk, skPrefix) => store.table(table).query(pk, skPrefix),
    putAwsEvent: async (event) => putAwsEventOn(await opened(), event),
    formatMinorUnits: formatMinorUnitsHere,
    close: async () => {
      if (runtime) await (await runtime).stop();
      else await store.close();
    },
  };
}
