import type { Subscription } from '@sfe/events';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, type IAlarmAction, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { type IEventBus, Rule } from 'aws-cdk-lib/aws-events';
import { SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { bindIdempotencyTable } from './bindings';
import { toCdkEventPattern } from './event-pattern';
import type { Platform } from './lookup-platform';
import { ServiceFunction } from './service-function';
import { resourceName } from './stage';

/** AWS recommends a queue visibility timeout of at least six times the consuming function's timeout. */
export const VISIBILITY_TIMEOUT_FACTOR = 6;

export interface EventConsumerProps {
  readonly stage: string;
  /** The owning service (`certificate-service`). */
  readonly serviceName: string;
  /** What to subscribe to, from the app's `subscription.ts`; its id names the rule, queues and function. */
  readonly subscription: Subscription;
  /**
   * The bus the rule listens on: the platform bus for `bus: 'platform'` subscriptions, the account's default
   * bus for `bus: 'default'` (see `lookupPlatform(...).defaultBus`).
   */
  readonly bus: IEventBus;
  /** The handler's TypeScript file. */
  readonly entry: string;
  /** The exported handler (default `handler`). */
  readonly handler?: string;
  /** Extra variables, merged over the defaults (yours win on a clash). */
  readonly environment?: Readonly<Record<string, string>>;
  /** Receives before a message moves to the DLQ (default 5). */
  readonly maxReceiveCount?: number;
  /** Messages per invocation (default 10). */
  readonly batchSize?: number;
  /** How long to gather a batch (default none). */
  readonly maxBatchingWindow?: Duration;
  /** Function timeout (default 30 s); the queue's visibility timeout is six times this. */
  readonly timeout?: Duration;
  /** Default 512 MB. */
  readonly memorySize?: number;
  readonly logRetention?: RetentionDays;
  /** Cap on concurrent invocations from the queue (protects downstream APIs); default none. */
  readonly maxConcurrency?: number;
  /** Topic notified when the DLQ holds messages; default no action (the alarm still shows in CloudWatch). */
  readonly alarmTopic?: ITopic;
}

/**
 * One subscription of a consuming service: an EventBridge rule (the subscription's pattern, verbatim) on the
 * bus, delivering to an encrypted, SSL-only SQS queue with a DLQ, drained by a `ServiceFunction` that
 * reports partial batch failures (one bad message never blocks the rest); a CloudWatch alarm fires as soon
 * as the DLQ holds a message. The function may read only its own queue.
 *
 * @example
 * const consumer = new EventConsumer(this, 'CourseCompleted', {
 *   stage, serviceName: 'certificate-service', subscription: courseCompletedSubscription,
 *   bus: platform.bus, entry: fileURLToPath(new URL('../src/handler.ts', import.meta.url)),
 * });
 * bindTable(consumer.function, platform.table, { access: 'readWrite', leadingKeys: ['VIDEO#*'] });
 */
export class EventConsumer extends Construct {
  readonly rule: Rule;
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly function: LambdaFunction;
  readonly serviceFunction: ServiceFunction;
  readonly dlqAlarm: Alarm;

  constructor(scope: Construct, id: string, props: EventConsumerProps) {
    super(scope, id);
    const { subscription } = props;
    const name = resourceName(props.stage, props.serviceName, subscription.id);
    const timeout = props.timeout ?? Duration.seconds(30);
    const maxReceiveCount = props.maxReceiveCount ?? 5;
    if (!Number.isInteger(maxReceiveCount) || maxReceiveCount < 1 || maxReceiveCount > 1000) {
      throw new Error(`EventConsumer ${name}: maxReceiveCount must be an integer from 1 to 1000`);
    }

    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      queueName: `${name}-dlq`,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.queue = new Queue(this, 'Queue', {
      queueName: name,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(timeout.toSeconds() * VISIBILITY_TIMEOUT_FACTOR),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount },
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.rule = new Rule(this, 'Rule', {
      ruleName: name,
      description: subscription.description,
      eventBus: props.bus,
      eventPattern: toCdkEventPattern(subscription.pattern),
      // Deliveries EventBridge cannot make (after its retries) go to the DLQ too: nothing is dropped silently.
      targets: [new SqsQueue(this.queue, { deadLetterQueue: this.deadLetterQueue })],
    });

    this.serviceFunction = new ServiceFunction(this, 'Handler', {
      stage: props.stage,
      serviceName: props.serviceName,
      functionName: subscription.id,
      entry: props.entry,
      handler: props.handler,
      environment: props.environment,
      timeout,
      memorySize: props.memorySize,
      logRetention: props.logRetention,
      description: subscription.description,
    });
    this.function = this.serviceFunction.function;
    this.function.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: props.batchSize ?? 10,
        maxBatchingWindow: props.maxBatchingWindow,
        reportBatchItemFailures: true,
        maxConcurrency: props.maxConcurrency,
      }),
    );

    this.dlqAlarm = new Alarm(this, 'DeadLetterAlarm', {
      alarmName: `${name}-dlq-not-empty`,
      alarmDescription: `Messages for ${props.serviceName} (${subscription.id}) failed ${maxReceiveCount} times and sit in ${name}-dlq`,
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    if (props.alarmTopic) this.dlqAlarm.addAlarmAction(snsAction(props.alarmTopic));
  }
}

function snsAction(topic: ITopic): IAlarmAction {
  return new SnsAction(topic);
}

export interface EventConsumersProps extends Omit<EventConsumerProps, 'subscription' | 'bus' | 'handler'> {
  /** The app's subscriptions (`subscription.ts`): one `EventConsumer` each, with its id as construct id. */
  readonly subscriptions: readonly Subscription[];
  /** The buses: a rule listens on `platform.bus` for `bus: 'platform'`, on `platform.defaultBus` otherwise. */
  readonly platform: Pick<Platform, 'bus' | 'defaultBus'>;
  /** The exported handler of a subscription's function (default `handler` for all). */
  readonly handler?: (subscription: Subscription) => string;
  /** Grants for one consumer's function (tables, buckets, APIs), called as each consumer is created. */
  readonly configure?: (consumer: EventConsumer, subscription: Subscription) => void;
  /** The Powertools idempotency table, bound to every function after `configure`. */
  readonly idempotencyTable?: ITable;
}

/**
 * One `EventConsumer` per subscription of a service, each on the bus its subscription names, with the same
 * settings, the service's own grants (`configure`) and, when given, the idempotency table.
 *
 * @example
 * this.consumers = createEventConsumers(this, {
 *   stage, serviceName: SERVICE_NAME, subscriptions, platform,
 *   entry: fileURLToPath(new URL('../src/handler.ts', import.meta.url)),
 *   idempotencyTable: platform.idempotencyTable,
 *   configure: (consumer) => bindTable(consumer.function, platform.table, { access: 'read' }),
 * });
 */
export function createEventConsumers(scope: Construct, props: EventConsumersProps): EventConsumer[] {
  const { subscriptions, platform, handler, configure, idempotencyTable, ...common } = props;
  return subscriptions.map((subscription) => {
    const consumer = new EventConsumer(scope, subscription.id, {
      ...common,
      subscription,
      bus: subscription.bus === 'platform' ? platform.bus : platform.defaultBus,
      ...(handler ? { handler: handler(subscription) } : {}),
    });
    configure?.(consumer, subscription);
    if (idempotencyTable) bindIdempotencyTable(consumer.function, idempotencyTable);
    return consumer;
  });
}
