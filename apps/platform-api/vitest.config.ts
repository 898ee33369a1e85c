import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Synthesizing a CDK stack is CPU-bound: generous limits keep the suite from flaking
    // on a busy machine (these are not speed assertions).
    testTimeout: 180_000,
    // The stack's synthesis (esbuild bundling its function) ran past 60 s at load 25 in `pnpm check`.
    hookTimeout: 180_000,
  },
});
