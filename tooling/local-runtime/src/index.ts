export {
  directRuntimeAccess,
  httpRuntimeAccess,
  openRuntimeAccess,
  type RuntimeAccess,
} from './access/runtime-access';
export { describeServices } from './apps/banner';
export type { ConsumerQueue, PendingService } from './apps/services';
export { EventBridgeApiError } from './bus/errors';
export {
  BUS_NAMES,
  type BusName,
  type BusRule,
  LocalEventBus,
  type PutEventsResponse,
} from './bus/event-bus';
export type { EventBridgeEvent } from './bus/eventbridge-event';
export { testEventPattern } from './bus/test-event-pattern';
export { findWorkspaceRoot, loadRuntimeEnv, RuntimeConfigError, type RuntimeEnv } from './env';
export { MOMENT_NAMES, type MomentName, type MomentResult } from './moments/business-moments';
export { createTerminalObserver, type RuntimeObserver, silentObserver } from './output/terminal';
export type { QueueSettings } from './queues/queue-event-source';
export { type QueueMessage, QueueStore } from './queues/queue-store';
export {
  createRuntime,
  type DeadLetterQueueListing,
  type Runtime,
  type RuntimeOptions,
  type RuntimeStatus,
  STREAM_DLQ,
} from './runtime';
export { runScenario, type ScenarioReport } from './scenario/scenario';
export { type StartedRuntime, type StartOptions, startLocalRuntime } from './start';
export * from './store/index';
