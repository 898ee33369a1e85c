import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import {
  type AwsJsonClient,
  createAwsJsonClient,
  createS3Objects,
  EVENTBRIDGE,
  type S3Objects,
  SQS,
} from '@sfe/aws-fetch';
import { createS3ClaimCheckStore } from '@sfe/events/aws';
import { createAwsDeadLetterSink } from './adapters/aws-dead-letter-sink';
import { createAwsEventPublisher } from './adapters/aws-event-publisher';
import type { StreamProcessorEnv } from './env';
import type { HandlerDeps } from './handler';

/** The AWS calls to use instead of new ones (`createDeployedStreamHandler` passes the operator's SDK clients). */
export interface AwsCalls {
  readonly eventBridge?: AwsJsonClient;
  readonly sqs?: AwsJsonClient;
  readonly s3?: Pick<S3Objects, 'put' | 'presignGet'>;
}

/**
 * The handler's dependencies in Lambda: EventBridge, SQS and S3 through `@sfe/aws-fetch` (signed `fetch` calls,
 * retried like the SDK's standard mode) rather than the SDK's clients, which were ~75% of this function's
 * bundle and most of its cold start (see BENCHMARKS.md). Credentials and endpoints as the SDK finds them: the
 * role's from the environment, `AWS_ENDPOINT_URL*` when set; the region is the function's (`AWS_REGION`).
 */
export function createAwsDeps(env: StreamProcessorEnv, calls: AwsCalls = {}): HandlerDeps {
  const region = () => {
    if (!env.AWS_REGION)
      throw new Error('AWS_REGION is not set: the stream processor calls AWS in its own region');
    return env.AWS_REGION;
  };
  return {
    publisher: createAwsEventPublisher(
      calls.eventBridge ?? createAwsJsonClient(EVENTBRIDGE, { region: region() }),
    ),
    deadLetters: createAwsDeadLetterSink(
      calls.sqs ?? createAwsJsonClient(SQS, { region: region() }),
      env.MALFORMED_RECORDS_QUEUE_URL,
    ),
    claimCheckStore: createS3ClaimCheckStore({
      s3: calls.s3 ?? createS3Objects({ region: region() }),
      bucket: env.CLAIM_CHECK_BUCKET,
    }),
    busName: env.EVENT_BUS_NAME,
    emitCourseCompletedV1: env.EMIT_COURSE_COMPLETED_V1,
    emitCertificateGeneratedV1: env.EMIT_CERTIFICATE_GENERATED_V1,
    logger: new Logger({ serviceName: env.POWERTOOLS_SERVICE_NAME, logLevel: env.POWERTOOLS_LOG_LEVEL }),
    metrics: new Metrics({
      namespace: env.POWERTOOLS_METRICS_NAMESPACE,
      serviceName: env.POWERTOOLS_SERVICE_NAME,
    }),
  };
}
