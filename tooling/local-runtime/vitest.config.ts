import { defineConfig } from 'vitest/config';

// PGlite starts a WASM Postgres (about a second, several on a busy machine); the runtime tests spawn processes.
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Several files each start a database and child processes: on two shared cores, one file at a time.
    fileParallelism: false,
  },
});
