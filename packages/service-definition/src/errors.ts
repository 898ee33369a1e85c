/** Base class of every error thrown by `@sfe/service-definition`. */
export class ServiceDefinitionError extends Error {
  override name = 'ServiceDefinitionError';
}

/** A service's configuration is missing or invalid: the message names every bad variable. */
export class ConfigError extends ServiceDefinitionError {
  override name = 'ConfigError';
  constructor(
    readonly service: string,
    readonly problems: readonly string[],
  ) {
    super(`invalid ${service} configuration: ${problems.join('; ')}`);
  }
}
