// What the local runtime hands a service; part of its definition, re-exported for handlers' local wiring.
export type { LocalContext } from '@sfe/service-definition';
export { type AwsEventConsumerOptions, createAwsEventConsumer } from './aws-event-consumer';
export {
  type ConsumerContext,
  type ConsumerHandlerOptions,
  type ConsumerIdempotencyOptions,
  createConsumerHandler,
  DEFAULT_IDEMPOTENCY_EXPIRY_SECONDS,
  DEFAULT_MAX_EVENT_DEPTH,
  IDEMPOTENCY_KEY_PATH,
  LOOP_GUARD_METRIC,
} from './consumer-handler';
export {
  AwsEventValidationError,
  ConsumerToolkitError,
  LoopGuardError,
  UnacceptedEventError,
} from './errors';
export { type EventBridgeEnvelope, EventBridgeEnvelopeSchema } from './eventbridge-envelope';
export { createLambdaContext, type LambdaContextOptions } from './lambda-context';
export { LOCAL_IDEMPOTENCY_TABLE, localIdempotency } from './local-idempotency';
export { LogRedaction } from './log-redaction';
export { createOutboxFiles, type OutboxFiles } from './outbox-files';
export {
  CONSUMER_METRICS,
  type RecordDelivery,
  type RecordOutcome,
  type SqsBatchHandler,
} from './record-batch';
export { peekRecordIdentity, type RecordIdentity } from './record-identity';
export {
  IDEMPOTENCY_RECORD_SK,
  TableStorePersistenceLayer,
  type TableStorePersistenceLayerOptions,
} from './table-store-persistence-layer';
