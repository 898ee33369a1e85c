export { createLambdaContext as createTestLambdaContext } from '../lambda-context';
export { type CapturedLogLine, CapturingLogger } from './capturing-logger';
export {
  type EventBridgeEnvelope,
  type EventBridgeEnvelopeOptions,
  TEST_ACCOUNT,
  TEST_REGION,
  toEventBridgeEvent,
} from './eventbridge-event';
export { type SqsRecordOptions, toSqsEvent, toSqsRecord } from './sqs-event';
