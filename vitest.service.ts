/**
 * The test settings every service app shares (apps/*, apps made from the consumer template, and the consumer
 * toolkit whose handlers they are), passed to each one's own `defineConfig`: this file imports nothing, because
 * the repository root has no dependencies.
 */
export const serviceTestConfig = {
  test: {
    // Synthesizing a CDK stack (esbuild bundling, cdk-nag), rendering PDFs and running ffmpeg are CPU-bound:
    // generous limits keep a suite from flaking on a busy machine (these are not speed assertions).
    testTimeout: 180_000,
    hookTimeout: 180_000,
    env: {
      // Handlers built without an injected Metrics print EMF documents to stdout; tests that assert metrics
      // inject `CapturingMetrics` from @sfe/consumer-toolkit/testing, which this does not silence.
      POWERTOOLS_METRICS_DISABLED: 'true',
      // Handlers' own loggers print JSON straight to stdout (past vitest's console capture), ERROR lines for
      // every record a test refuses on purpose. Tests that assert log lines inject `CapturingLogger`, whose level
      // is its own. `POWERTOOLS_LOG_LEVEL=INFO pnpm test` shows them when debugging.
      POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'SILENT',
    },
  },
};
