/** The metrics namespace outside Lambda (the local runtime, tests), where no stack sets one. */
export const LOCAL_METRICS_NAMESPACE = 'sfe-local';

/**
 * The CloudWatch namespace for the toolkit's metrics: `POWERTOOLS_METRICS_NAMESPACE` (every stack sets it, see
 * `ServiceFunction`), else {@link LOCAL_METRICS_NAMESPACE}.
 */
export function readMetricsNamespace(
  env: Readonly<Record<string, string | undefined>> = process.env,
): string {
  return env.POWERTOOLS_METRICS_NAMESPACE || LOCAL_METRICS_NAMESPACE;
}
