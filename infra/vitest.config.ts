import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Synthesizing CDK stacks is CPU-bound and the first one loads aws-cdk-lib's modules: generous limits
    // keep the suite from flaking on a busy machine (these are not speed assertions).
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
