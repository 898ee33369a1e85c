import { defineConfig } from 'vitest/config';

// PGlite starts a WASM Postgres (about a second; on a two-core machine shared with other test runs, a store on
// disk took 70-85 s to open, write, close and reopen at load 25); the runtime tests spawn processes.
export default defineConfig({
  test: {
    testTimeout: 180_000,
    hookTimeout: 180_000,
    // Several files each start a database and child processes: on two shared cores, one file at a time.
    fileParallelism: false,
  },
});
