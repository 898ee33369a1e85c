import { Logger } from '@aws-lambda-powertools/logger';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createS3ClaimCheckStore } from '@sfe/events/aws';
import { createAwsDeadLetterSink } from './adapters/aws-dead-letter-sink';
import { createAwsEventPublisher } from './adapters/aws-event-publisher';
import type { StreamProcessorEnv } from './env';
import type { HandlerDeps } from './handler';

/** The handler's dependencies in Lambda: SDK v3 clients (region and credentials from the environment). */
export function createAwsDeps(env: StreamProcessorEnv): HandlerDeps {
  return {
    publisher: createAwsEventPublisher(new EventBridgeClient({})),
    deadLetters: createAwsDeadLetterSink(new SQSClient({}), env.MALFORMED_RECORDS_QUEUE_URL),
    claimCheckStore: createS3ClaimCheckStore({ client: new S3Client({}), bucket: env.CLAIM_CHECK_BUCKET }),
    busName: env.EVENT_BUS_NAME,
    emitCourseCompletedV1: env.EMIT_COURSE_COMPLETED_V1,
    emitCertificateGeneratedV1: env.EMIT_CERTIFICATE_GENERATED_V1,
    logger: new Logger({ serviceName: env.POWERTOOLS_SERVICE_NAME, logLevel: env.POWERTOOLS_LOG_LEVEL }),
  };
}
