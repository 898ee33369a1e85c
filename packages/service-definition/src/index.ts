export {
  type ConfigEnvironment,
  type ConfigKey,
  type ConfigSchema,
  type EnvironmentRecord,
  IdempotencyConfigShape,
  LocaleSettingSchema,
  parseConfig,
} from './config';
export {
  type DefinedSubscription,
  defineService,
  isServiceDefinition,
  type LocalHttpHandler,
  type LocalHttpRequest,
  type LocalHttpResponse,
  type LocalService,
  type LocalServiceModule,
  type QueueHandler,
  type ServiceApi,
  type ServiceDefinition,
  type ServiceInput,
  type SubscriptionInput,
  withPatterns,
} from './define-service';
export {
  DEFAULT_DELIVERY,
  type DeliverySettings,
  resolveDelivery,
  type StreamMappingSettings,
  VISIBILITY_TIMEOUT_FACTOR,
} from './delivery';
export { ConfigError, ServiceDefinitionError } from './errors';
export type { AwsServiceEventInput, LocalContext } from './local-context';
