import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Synthesizing a CDK stack and rendering PDFs are CPU-bound: generous limits keep the suite from flaking
    // on a busy machine (these are not speed assertions).
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
