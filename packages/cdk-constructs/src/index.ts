export {
  type Access,
  type BindBucketOptions,
  type BindTableOptions,
  bindBucket,
  bindBus,
  bindIdempotencyTable,
  bindTable,
} from './bindings';
export { EventConsumer, type EventConsumerProps, VISIBILITY_TIMEOUT_FACTOR } from './event-consumer';
export { InvalidEventPatternError, toCdkEventPattern } from './event-pattern';
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
export { type PlatformParameterNames, platformParameterNames } from './platform-parameters';
export {
  ESM_REQUIRE_BANNER,
  FUNCTION_RUNTIME,
  ServiceFunction,
  type ServiceFunctionProps,
} from './service-function';
export { assertStage, DEFAULT_STAGE, InvalidStageError, resourceName, stageFromContext } from './stage';
