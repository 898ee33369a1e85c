import { defineConfig } from 'vitest/config';

// Loading every app's rules and parsing AsyncAPI documents take seconds on a busy two-core machine.
// Only this package's own tests: site/ holds EventCatalog's install and working copies of its app (README.md,
// "EventCatalog's own install"), whose files are not ours to run.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
