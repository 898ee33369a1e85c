export { createLambdaContext as createTestLambdaContext } from '../lambda-context';
export { type CapturedLogLine, CapturingLogger } from './capturing-logger';
export { type CapturedMetrics, CapturingMetrics } from './capturing-metrics';
export { type ConsumerConformanceOptions, describeConsumerConformance } from './conformance';
export {
  type EventBridgeEnvelope,
  type EventBridgeEnvelopeOptions,
  TEST_ACCOUNT,
  TEST_REGION,
  toEventBridgeEvent,
} from './eventbridge-event';
export {
  buildTestEvent,
  buildTestEventVersion,
  certificateGenerated,
  courseCompletedV1,
  courseCompletedV2,
  coursePaymentComplete,
  TEST_COURSE,
  TEST_EVENT_CONTEXT,
  TEST_LEARNER,
  type TestEventContext,
  userSignedUp,
  videoProcessingFailed,
} from './events';
export {
  createTestLocalContext,
  startTestLocalService,
  type TestLocalContext,
  type TestLocalContextOptions,
  type TestLocalService,
} from './local-context';
export { fixturePlatformItems } from './platform-items';
export { type SqsRecordOptions, toSqsEvent, toSqsRecord } from './sqs-event';
