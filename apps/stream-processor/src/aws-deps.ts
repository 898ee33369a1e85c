import { Logger } from '@aws-lambda-powertools/logger';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createS3ClaimCheckStore } from '@sfe/events/aws';
import { createAwsDeadLetterSink } from './adapters/aws-dead-letter-sink';
import { createAwsEventPublisher } from './adapters/aws-event-publisher';
import type { StreamProcessorEnv } from './env';
import type { HandlerDeps } from './handler';

/** SDK clients to use instead of new ones (`pnpm sfe stream recover` shares its own; tests pass mocked ones). */
export interface AwsClients {
  readonly eventBridge?: EventBridgeClient;
  readonly s3?: S3Client;
  readonly sqs?: SQSClient;
}

/** The handler's dependencies in Lambda: SDK v3 clients (region and credentials from the environment). */
export function createAwsDeps(env: StreamProcessorEnv, clients: AwsClients = {}): HandlerDeps {
  return {
    publisher: createAwsEventPublisher(clients.eventBridge ?? new EventBridgeClient({})),
    deadLetters: createAwsDeadLetterSink(clients.sqs ?? new SQSClient({}), env.MALFORMED_RECORDS_QUEUE_URL),
    claimCheckStore: createS3ClaimCheckStore({
      client: clients.s3 ?? new S3Client({}),
      bucket: env.CLAIM_CHECK_BUCKET,
    }),
    busName: env.EVENT_BUS_NAME,
    emitCourseCompletedV1: env.EMIT_COURSE_COMPLETED_V1,
    emitCertificateGeneratedV1: env.EMIT_CERTIFICATE_GENERATED_V1,
    logger: new Logger({ serviceName: env.POWERTOOLS_SERVICE_NAME, logLevel: env.POWERTOOLS_LOG_LEVEL }),
  };
}
