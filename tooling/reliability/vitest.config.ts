import { defineConfig } from 'vitest/config';

// Each file starts a runtime (PGlite in WASM) and drives many inputs: one file at a time on two shared cores.
export default defineConfig({
  test: { testTimeout: 600_000, hookTimeout: 120_000, fileParallelism: false },
});
