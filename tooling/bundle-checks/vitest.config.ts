import { defineConfig } from 'vitest/config';

// The stand-in tests start an HTTP server and call it with the real SDK clients: slow on two busy cores.
export default defineConfig({
  test: {
    testTimeout: 60_000,
  },
});
