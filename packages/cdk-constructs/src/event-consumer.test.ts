import { defineService, resolveDelivery } from '@sfe/service-definition';
import type { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Table } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { courseCompletedSubscription, FIXTURE_ENTRY, opsTopic, testStack } from '../test/helpers';
import { deliveryInTemplate } from './delivery-in-template';
import { createEventConsumers, EventConsumer, type EventConsumerProps } from './event-consumer';
import { expectNoUnsuppressedFindings } from './nag';

function consumerStack(overrides: Partial<EventConsumerProps> = {}): {
  stack: Stack;
  consumer: EventConsumer;
} {
  const stack = testStack();
  const bus = EventBus.fromEventBusName(stack, 'Bus', 'sfe-dev-bus');
  const consumer = new EventConsumer(stack, 'Consumer', {
    stage: 'dev',
    serviceName: 'certificate-service',
    subscription: courseCompletedSubscription,
    bus,
    entry: FIXTURE_ENTRY,
    alarmTopic: opsTopic(stack),
    ...overrides,
  });
  return { stack, consumer };
}

function logicalId(stack: Stack, construct: { node: { defaultChild?: unknown } }): string {
  return stack.getLogicalId(construct.node.defaultChild as Parameters<Stack['getLogicalId']>[0]);
}

describe('EventConsumer', () => {
  it('creates a rule on the bus whose pattern equals the subscription pattern verbatim', () => {
    const { stack } = consumerStack();
    const template = Template.fromStack(stack);
    const rules = template.findResources('AWS::Events::Rule');
    const [rule] = Object.values(rules);
    expect(Object.keys(rules)).toHaveLength(1);
    expect(rule?.Properties.EventPattern).toStrictEqual({
      source: [{ prefix: 'sfe-' }],
      'detail-type': ['CourseCompleted'],
      detail: { metadata: { version: [2] } },
    });
    expect(rule?.Properties.EventBusName).toBe('sfe-dev-bus');
    expect(rule?.Properties.Name).toBe('sfe-dev-certificate-service-course-completed');
    expect(rule?.Properties.Description).toBe(courseCompletedSubscription.description);
  });

  it('targets the queue, with the DLQ catching deliveries EventBridge cannot make', () => {
    const { stack, consumer } = consumerStack();
    Template.fromStack(stack).hasResourceProperties('AWS::Events::Rule', {
      Targets: [
        {
          Arn: { 'Fn::GetAtt': [logicalId(stack, consumer.queue), 'Arn'] },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [logicalId(stack, consumer.deadLetterQueue), 'Arn'] } },
          Id: Match.anyValue(),
        },
      ],
    });
  });

  it('encrypts both queues, redrives after 5 receives by default and keeps the DLQ for 14 days', () => {
    const { stack, consumer } = consumerStack();
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'sfe-dev-certificate-service-course-completed',
      SqsManagedSseEnabled: true,
      VisibilityTimeout: 180,
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': [logicalId(stack, consumer.deadLetterQueue), 'Arn'] },
        maxReceiveCount: 5,
      },
    });
    template.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'sfe-dev-certificate-service-course-completed-dlq',
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 1_209_600,
    });
  });

  it("takes the queue, the DLQ, the mapping and the function timeout from the subscription's delivery", () => {
    const delivery = resolveDelivery({
      batchSize: 50,
      maxBatchingWindowSeconds: 2,
      maxConcurrency: 4,
      functionTimeoutSeconds: 20,
      maxReceiveCount: 3,
      deadLetterRetentionDays: 7,
    });
    const { stack } = consumerStack({ subscription: { ...courseCompletedSubscription, delivery } });
    const template = Template.fromStack(stack);
    expect(deliveryInTemplate(template, 'sfe-dev-certificate-service-course-completed')).toStrictEqual({
      batchSize: 50,
      maxBatchingWindowSeconds: 2,
      maxConcurrency: 4,
      functionTimeoutSeconds: 20,
      visibilityTimeoutSeconds: 120,
      maxReceiveCount: 3,
      deadLetterRetentionDays: 7,
    });
  });

  it('denies non-SSL access to both queues', () => {
    const { stack, consumer } = consumerStack();
    const template = Template.fromStack(stack);
    for (const queue of [consumer.queue, consumer.deadLetterQueue]) {
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: logicalId(stack, queue) }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Action: 'sqs:*',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
              Principal: { AWS: '*' },
            }),
          ]),
        },
      });
    }
  });

  it('lets only this rule send to the queue', () => {
    const { stack, consumer } = consumerStack();
    Template.fromStack(stack).hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: logicalId(stack, consumer.queue) }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Action: ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'],
            Principal: { Service: 'events.amazonaws.com' },
            Condition: {
              ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': [logicalId(stack, consumer.rule), 'Arn'] } },
            },
          }),
        ]),
      },
    });
  });

  it('drains the queue with batch item failures reported', () => {
    const delivery = resolveDelivery({ batchSize: 5, maxBatchingWindowSeconds: 2 });
    const { stack, consumer } = consumerStack({ subscription: { ...courseCompletedSubscription, delivery } });
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [logicalId(stack, consumer.queue), 'Arn'] },
      FunctionName: { Ref: logicalId(stack, consumer.function) },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BatchSize: 5,
      MaximumBatchingWindowInSeconds: 2,
    });
  });

  it('alarms as soon as the DLQ holds a message', () => {
    const { stack, consumer } = consumerStack();
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'sfe-dev-certificate-service-course-completed-dlq-not-empty',
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [
        {
          Name: 'QueueName',
          Value: { 'Fn::GetAtt': [logicalId(stack, consumer.deadLetterQueue), 'QueueName'] },
        },
      ],
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
    });
  });

  it('notifies the ops topic when the DLQ fills, the function errs or is throttled, and when each clears', () => {
    const stack = testStack();
    const topic = new Topic(stack, 'Alarms', { enforceSSL: true });
    const consumer = new EventConsumer(stack, 'Consumer', {
      stage: 'dev',
      serviceName: 'certificate-service',
      subscription: courseCompletedSubscription,
      bus: EventBus.fromEventBusName(stack, 'Bus', 'sfe-dev-bus'),
      entry: FIXTURE_ENTRY,
      alarmTopic: topic,
    });
    const topicRef = { Ref: logicalId(stack, topic) };
    const alarms = Object.values(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm')).map(
      (alarm) => [
        alarm.Properties.AlarmName,
        alarm.Properties.MetricName,
        alarm.Properties.AlarmActions,
        alarm.Properties.OKActions,
      ],
    );
    expect(alarms).toStrictEqual([
      ['sfe-dev-certificate-service-course-completed-errors', 'Errors', [topicRef], [topicRef]],
      ['sfe-dev-certificate-service-course-completed-throttles', 'Throttles', [topicRef], [topicRef]],
      [
        'sfe-dev-certificate-service-course-completed-dlq-not-empty',
        'ApproximateNumberOfMessagesVisible',
        [topicRef],
        [topicRef],
      ],
    ]);
    expect(consumer.dlqAlarm.alarmName).toBeDefined();
  });

  it('merges the caller environment over the defaults', () => {
    const { stack } = consumerStack({
      environment: { FROM_ADDRESS: 'noreply@example.com', POWERTOOLS_LOG_LEVEL: 'DEBUG' },
    });
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: {
          STAGE: 'dev',
          POWERTOOLS_SERVICE_NAME: 'certificate-service',
          POWERTOOLS_LOG_LEVEL: 'DEBUG',
          POWERTOOLS_METRICS_NAMESPACE: 'sfe',
          POWERTOOLS_DEV: 'false',
          FROM_ADDRESS: 'noreply@example.com',
        },
      },
    });
  });

  it('lets the function read only its own queue', () => {
    const { stack, consumer } = consumerStack();
    const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: logicalId(stack, consumer.serviceFunction.role) }] },
    });
    const sqsStatements = Object.values(policies)
      .flatMap(
        (policy) =>
          policy.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[],
      )
      .filter((statement) => [statement.Action].flat().some((action) => action.startsWith('sqs:')));
    expect(sqsStatements).toStrictEqual([
      {
        Effect: 'Allow',
        Action: [
          'sqs:ChangeMessageVisibility',
          'sqs:DeleteMessage',
          'sqs:GetQueueAttributes',
          'sqs:GetQueueUrl',
          'sqs:ReceiveMessage',
        ],
        Resource: { 'Fn::GetAtt': [logicalId(stack, consumer.queue), 'Arn'] },
      },
    ]);
  });

  it('has no unacknowledged cdk-nag findings', () => {
    const { stack } = consumerStack();
    expectNoUnsuppressedFindings(stack);
  });
});

describe('createEventConsumers', () => {
  const service = defineService({
    name: 'video-pipeline',
    description: 'videos',
    subscriptions: [
      { ...courseCompletedSubscription, delivery: { functionTimeoutSeconds: 20 } },
      {
        id: 'object-created',
        bus: 'default',
        description: 'Uploads',
        pattern: { source: ['aws.s3'], 'detail-type': ['Object Created'] },
        delivery: { functionTimeoutSeconds: 20 },
      },
    ],
    config: z.object({ UPLOADS_BUCKET: z.string(), CONFIGURED: z.string().optional() }),
  });

  it('creates one consumer per subscription on the bus it names, configured, then bound to idempotency', () => {
    const stack = testStack();
    const platform = {
      bus: EventBus.fromEventBusName(stack, 'Bus', 'sfe-dev-bus'),
      defaultBus: EventBus.fromEventBusName(stack, 'DefaultBus', 'default'),
      opsTopic: opsTopic(stack),
    };
    const idempotencyTable = Table.fromTableName(stack, 'Idempotency', 'sfe-dev-idempotency');
    const configured: string[] = [];
    const consumers = createEventConsumers(stack, {
      stage: 'dev',
      service,
      platform,
      entry: FIXTURE_ENTRY,
      handler: (subscription) => `${subscription.id.replace(/-./g, (s) => s[1]?.toUpperCase() ?? '')}Handler`,
      environment: { UPLOADS_BUCKET: 'sfe-dev-uploads' },
      idempotencyTable,
      configure: (consumer, subscription) => {
        configured.push(`${consumer.node.id}:${subscription.id}`);
        consumer.function.addEnvironment(service.variable('CONFIGURED'), 'yes');
      },
    });

    expect(consumers.map((consumer) => consumer.node.id)).toStrictEqual([
      'course-completed',
      'object-created',
    ]);
    expect(configured).toStrictEqual(['course-completed:course-completed', 'object-created:object-created']);
    const template = Template.fromStack(stack);
    const rules = Object.values(template.findResources('AWS::Events::Rule')).map((rule) => [
      rule.Properties.Name,
      rule.Properties.EventBusName,
    ]);
    expect(rules).toStrictEqual([
      ['sfe-dev-video-pipeline-course-completed', 'sfe-dev-bus'],
      ['sfe-dev-video-pipeline-object-created', 'default'],
    ]);
    for (const [consumer, handler] of [
      [consumers[0], 'index.courseCompletedHandler'],
      [consumers[1], 'index.objectCreatedHandler'],
    ] as const) {
      const fn = template.toJSON().Resources[logicalId(stack, consumer?.serviceFunction.function ?? stack)];
      expect(fn.Properties.Handler).toBe(handler);
      expect(fn.Properties.Timeout).toBe(20);
      expect(fn.Properties.Environment.Variables).toMatchObject({
        UPLOADS_BUCKET: 'sfe-dev-uploads',
        CONFIGURED: 'yes',
        IDEMPOTENCY_TABLE_NAME: 'sfe-dev-idempotency',
      });
    }
  });
});

describe('createEventConsumers environment', () => {
  it("accepts only the variables of the service's config schema (a renamed one does not compile)", () => {
    const stack = testStack();
    const service = defineService({
      name: 'email-service',
      description: 'emails',
      subscriptions: [courseCompletedSubscription],
      config: z.object({ CERTIFICATES_BUCKET: z.string() }),
    });
    const platform = {
      bus: EventBus.fromEventBusName(stack, 'Bus', 'sfe-dev-bus'),
      defaultBus: EventBus.fromEventBusName(stack, 'DefaultBus', 'default'),
      opsTopic: opsTopic(stack),
    };
    createEventConsumers(stack, {
      stage: 'dev',
      service,
      platform,
      entry: FIXTURE_ENTRY,
      // @ts-expect-error: CERTIFICATES_BUCKET_NAME is not a variable of this service's schema.
      environment: { CERTIFICATES_BUCKET_NAME: 'certificates' },
    });
    expect(service.variable('CERTIFICATES_BUCKET')).toBe('CERTIFICATES_BUCKET');
  });
});
