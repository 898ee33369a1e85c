export { ALARM_PERIOD, OpsAlarm, type OpsAlarmProps, opsTopicName } from './alarms';
export {
  type Access,
  type BindBucketOptions,
  type BindTableOptions,
  bindBucket,
  bindBus,
  bindIdempotencyTable,
  bindTable,
} from './bindings';
export { deliveryInTemplate, streamMappingInTemplate } from './delivery-in-template';
export {
  createEventConsumers,
  EventConsumer,
  type EventConsumerProps,
  type EventConsumersProps,
} from './event-consumer';
export { InvalidEventPatternError, toCdkEventPattern } from './event-pattern';
export { RECOMMENDED_FEATURE_FLAGS } from './feature-flags';
export { lookupPlatform, type Platform } from './lookup-platform';
export {
  acknowledge,
  applyNagChecks,
  expectNoUnsuppressedFindings,
  type NagFinding,
  NagFindingsError,
  nagFindings,
  testApp,
} from './nag';
export { bindPlatformApi, PLATFORM_API, platformApiFunctionName } from './platform-api';
export {
  INFRA_PARAMETERS,
  type InfraParameterName,
  infraParameterNames,
  type PlatformParameterNames,
  platformParameterNames,
  SERVICE_OWNED_PARAMETERS,
} from './platform-parameters';
export {
  AccessLogsBucket,
  type AccessLogsBucketProps,
  SecureBucket,
  type SecureBucketProps,
} from './secure-bucket';
export {
  ESM_BANNER,
  FUNCTION_RUNTIME,
  ServiceFunction,
  type ServiceFunctionProps,
} from './service-function';
export { ServiceTable, type ServiceTableProps } from './service-table';
export {
  assertStage,
  type ConsumerQueueNames,
  consumerQueueNames,
  DEFAULT_STAGE,
  InvalidStageError,
  platformBusName,
  resourceName,
  stageFromContext,
} from './stage';
