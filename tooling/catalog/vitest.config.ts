import { defineConfig } from 'vitest/config';

// Loading every app's rules and parsing AsyncAPI documents take seconds on a busy two-core machine.
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
