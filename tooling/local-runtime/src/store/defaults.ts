/**
 * The default state directory, relative to where the runtime or the CLI runs. On its own so that reading the
 * environment (`env.ts`) does not load PGlite: a read command talking to a running runtime never opens a store.
 */
export const DEFAULT_DATA_DIRECTORY = '.sfe';
