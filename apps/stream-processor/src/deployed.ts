import type { EnvironmentRecord } from '@sfe/service-definition';
import { type AwsClients, createAwsDeps } from './aws-deps';
import { loadEnv } from './env';
import { createHandler, type StreamHandler } from './handler';
import type { Log } from './log';

export type { AwsClients } from './aws-deps';
export type { StreamHandler } from './handler';
export type { Log } from './log';

export interface DeployedStreamHandlerOptions {
  /** SDK clients to publish, dead-letter and claim-check with (default: new ones, standard credential chain). */
  readonly clients?: AwsClients;
  /** Default: Powertools' Logger, as in Lambda. */
  readonly logger?: Log;
}

/**
 * The deployed function's handler, rebuilt outside Lambda from that function's environment variables (as
 * `GetFunctionConfiguration` returns them): the same code, configuration schema and AWS adapters, so records
 * read back from the stream (`pnpm sfe stream recover`) are published exactly as the function would have
 * published them (same bus, claim-check bucket, malformed-records queue, v1 flags, ids and bytes).
 * Throws `ConfigError` naming every missing or invalid variable.
 *
 * @example
 * const { Environment } = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName }));
 * const handle = createDeployedStreamHandler(Environment?.Variables ?? {});
 * const { batchItemFailures } = await handle({ Records: records });
 */
export function createDeployedStreamHandler(
  environment: EnvironmentRecord,
  options: DeployedStreamHandlerOptions = {},
): StreamHandler {
  const deps = createAwsDeps(loadEnv(environment), options.clients);
  return createHandler(options.logger ? { ...deps, logger: options.logger } : deps);
}
