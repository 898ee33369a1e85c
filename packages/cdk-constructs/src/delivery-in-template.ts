import type { DeliverySettings, StreamMappingSettings } from '@sfe/service-definition';
import type { Template } from 'aws-cdk-lib/assertions';

type Resource = { Properties: Record<string, unknown> };

function only(resources: Record<string, Resource>, what: string): [string, Resource] {
  const entries = Object.entries(resources);
  const [first] = entries;
  if (entries.length !== 1 || !first) throw new Error(`expected one ${what}, found ${entries.length}`);
  return first;
}

function functionTimeout(template: Template, mapping: Resource): number {
  const { Ref: functionId } = mapping.Properties.FunctionName as { Ref: string };
  const fn = template.toJSON().Resources[functionId] as Resource | undefined;
  return fn?.Properties.Timeout as number;
}

/**
 * The delivery settings a synthesized template gives one consumer's queue, DLQ, event source mapping and
 * function, read back from the CloudFormation: a stack test compares them with the service definition's, so
 * what deploys is provably what the definition (and the local runtime) says.
 * @example expect(deliveryInTemplate(template, 'sfe-dev-email-service-learner-emails')).toStrictEqual(delivery)
 */
export function deliveryInTemplate(template: Template, queueName: string): DeliverySettings {
  const [queueId, queue] = only(
    template.findResources('AWS::SQS::Queue', { Properties: { QueueName: queueName } }) as Record<
      string,
      Resource
    >,
    `queue ${queueName}`,
  );
  const [, deadLetterQueue] = only(
    template.findResources('AWS::SQS::Queue', { Properties: { QueueName: `${queueName}-dlq` } }) as Record<
      string,
      Resource
    >,
    `queue ${queueName}-dlq`,
  );
  const [, mapping] = only(
    template.findResources('AWS::Lambda::EventSourceMapping', {
      Properties: { EventSourceArn: { 'Fn::GetAtt': [queueId, 'Arn'] } },
    }) as Record<string, Resource>,
    `event source mapping of ${queueName}`,
  );
  const properties = mapping.Properties as {
    BatchSize: number;
    MaximumBatchingWindowInSeconds?: number;
    ScalingConfig?: { MaximumConcurrency?: number };
  };
  const maxConcurrency = properties.ScalingConfig?.MaximumConcurrency;
  return {
    batchSize: properties.BatchSize,
    maxBatchingWindowSeconds: properties.MaximumBatchingWindowInSeconds ?? 0,
    ...(maxConcurrency === undefined ? {} : { maxConcurrency }),
    functionTimeoutSeconds: functionTimeout(template, mapping),
    visibilityTimeoutSeconds: queue.Properties.VisibilityTimeout as number,
    maxReceiveCount: (queue.Properties.RedrivePolicy as { maxReceiveCount: number }).maxReceiveCount,
    deadLetterRetentionDays: (deadLetterQueue.Properties.MessageRetentionPeriod as number) / 86_400,
  };
}

/** The stream event source mapping's settings in a synthesized template (one DynamoDB stream mapping). */
export function streamMappingInTemplate(template: Template): StreamMappingSettings {
  const [, mapping] = only(
    Object.fromEntries(
      Object.entries(
        template.findResources('AWS::Lambda::EventSourceMapping') as Record<string, Resource>,
      ).filter(([, resource]) => resource.Properties.StartingPosition !== undefined),
    ),
    'stream event source mapping',
  );
  const properties = mapping.Properties as {
    BatchSize: number;
    BisectBatchOnFunctionError: boolean;
    MaximumRetryAttempts: number;
    MaximumRecordAgeInSeconds: number;
  };
  return {
    batchSize: properties.BatchSize,
    bisectBatchOnFunctionError: properties.BisectBatchOnFunctionError,
    maximumRetryAttempts: properties.MaximumRetryAttempts,
    maximumRecordAgeSeconds: properties.MaximumRecordAgeInSeconds,
    functionTimeoutSeconds: functionTimeout(template, mapping),
  };
}
