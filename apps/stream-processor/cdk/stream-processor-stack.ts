import { fileURLToPath } from 'node:url';
import {
  acknowledge,
  bindBucket,
  bindBus,
  lookupPlatform,
  OpsAlarm,
  resourceName,
  ServiceFunction,
} from '@sfe/cdk-constructs';
import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { SET_ASIDE_QUEUES, service } from '../src/service';

export const SERVICE_NAME = service.name;

/** Claim-checked payloads are written under this prefix of the platform's claim-check bucket. */
export const CLAIM_CHECK_PREFIX = 'claim-checks/';

export interface StreamProcessorStackProps extends StackProps {
  readonly stage: string;
  /** Publish CourseCompleted v1 beside v2 while v1 consumers exist (default true). */
  readonly emitCourseCompletedV1?: boolean;
  /** Publish CertificateGenerated v1 beside v2 while v1 consumers exist (default true). */
  readonly emitCertificateGeneratedV1?: boolean;
}

/**
 * The stream processor: a `ServiceFunction` on the platform table's stream (imported by name from SSM, never
 * by object), publishing to the platform bus only. Two queues receive what cannot be published:
 * - failed batches: Lambda's on-failure destination once retries or the record age run out (it carries
 *   shard and sequence-number pointers, not the records);
 * - malformed records: sent by the handler itself, record and reason, so they never block the stream.
 * Every alarm (either queue not empty, the iterator falling behind, the function's errors and throttles)
 * notifies the platform's ops topic.
 */
export class StreamProcessorStack extends Stack {
  readonly function: ServiceFunction;
  readonly failedBatchesQueue: Queue;
  readonly malformedRecordsQueue: Queue;

  constructor(scope: Construct, id: string, props: StreamProcessorStackProps) {
    super(scope, id, props);
    const { stage } = props;
    const platform = lookupPlatform(this, stage);
    const name = resourceName(stage, SERVICE_NAME);
    const { opsTopic } = platform;

    this.failedBatchesQueue = this.deadLetterQueue(
      'FailedBatchesQueue',
      resourceName(stage, SERVICE_NAME, SET_ASIDE_QUEUES.failedBatches),
      opsTopic,
    );
    this.malformedRecordsQueue = this.deadLetterQueue(
      'MalformedRecordsQueue',
      resourceName(stage, SERVICE_NAME, SET_ASIDE_QUEUES.malformedRecords),
      opsTopic,
    );

    // The mapping's numbers are the definition's (`src/service.ts`); the local runtime's stream reads them too.
    const mapping = service.stream;
    if (!mapping) throw new Error('StreamProcessorStack: the service definition declares no stream mapping');
    const environment = service.environment({
      EMIT_COURSE_COMPLETED_V1: String(props.emitCourseCompletedV1 ?? true),
      EMIT_CERTIFICATE_GENERATED_V1: String(props.emitCertificateGeneratedV1 ?? true),
      MALFORMED_RECORDS_QUEUE_URL: this.malformedRecordsQueue.queueUrl,
    });
    this.function = new ServiceFunction(this, 'Function', {
      stage,
      serviceName: SERVICE_NAME,
      functionName: 'changes',
      entry: fileURLToPath(new URL('../src/handler.ts', import.meta.url)),
      description: 'Publishes business events for committed changes of the platform table (DynamoDB stream)',
      environment,
      timeout: Duration.seconds(mapping.functionTimeoutSeconds),
      memorySize: 1024,
      alarmTopic: opsTopic,
    });
    const fn = this.function.function;

    bindBus(fn, platform.bus, service.variable('EVENT_BUS_NAME')); // events:PutEvents on the platform bus only
    // Read as well as write: a claim check's presigned GET URL works with the signer's (this role's) rights.
    bindBucket(fn, platform.claimCheckBucket, {
      access: 'readWrite',
      prefix: CLAIM_CHECK_PREFIX,
      envVar: service.variable('CLAIM_CHECK_BUCKET'),
    });
    this.malformedRecordsQueue.grantSendMessages(fn);

    fn.addEventSource(
      new DynamoEventSource(platform.tableWithStream, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: mapping.batchSize,
        reportBatchItemFailures: true,
        bisectBatchOnError: mapping.bisectBatchOnFunctionError,
        retryAttempts: mapping.maximumRetryAttempts,
        maxRecordAge: Duration.seconds(mapping.maximumRecordAgeSeconds),
        onFailure: new SqsDlq(this.failedBatchesQueue),
      }),
    );
    // Reading a stream needs dynamodb:ListStreams, which has no resource-level permissions.
    const policy = fn.role?.node.tryFindChild('DefaultPolicy');
    if (policy) {
      acknowledge(
        policy,
        'AwsSolutions-IAM5[Resource::*]',
        'dynamodb:ListStreams (granted with the stream read permissions) does not support resource-level permissions.',
      );
    }

    new OpsAlarm(this, 'IteratorAgeAlarm', {
      alarmName: `${name}-iterator-age`,
      alarmDescription: 'The stream processor is more than 5 minutes behind the table',
      metric: fn.metric('IteratorAge', { statistic: 'Maximum', period: Duration.minutes(1) }),
      threshold: Duration.minutes(5).toMilliseconds(),
      evaluationPeriods: 5,
      topic: opsTopic,
    });
  }

  private deadLetterQueue(id: string, queueName: string, opsTopic: ITopic): Queue {
    const queue = new Queue(this, id, {
      queueName,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: RemovalPolicy.DESTROY,
    });
    acknowledge(
      queue,
      'AwsSolutions-SQS3',
      'This queue is itself a dead-letter destination (of the stream mapping or of the handler); nothing consumes it automatically.',
    );
    // `queue.queueName` is a deploy-time token; the alarm is named after the literal name.
    new OpsAlarm(this, `${id}Alarm`, {
      alarmName: `${queueName}-not-empty`,
      alarmDescription: `The stream processor set messages aside in ${queueName}`,
      metric: queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) }),
      topic: opsTopic,
    });
    return queue;
  }
}
