import { defineConfig } from 'vitest/config';

// The checks of the synthesized bundles (size budgets, one record each in a new process), after `pnpm synth`.
// Each record starts Node and loads a bundle: seconds on two busy shared cores, so generous timeouts.
export default defineConfig({
  test: {
    include: ['src/**/*.check.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
