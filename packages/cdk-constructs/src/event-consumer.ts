import type {
  ConfigEnvironment,
  ConfigSchema,
  DefinedSubscription,
  ServiceDefinition,
} from '@sfe/service-definition';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { type IEventBus, Rule } from 'aws-cdk-lib/aws-events';
import { SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ALARM_PERIOD, OpsAlarm } from './alarms';
import { bindIdempotencyTable } from './bindings';
import { toCdkEventPattern } from './event-pattern';
import type { Platform } from './lookup-platform';
import { ServiceFunction } from './service-function';
import { consumerQueueNames, resourceName } from './stage';

export interface EventConsumerProps {
  readonly stage: string;
  /** The owning service (`certificate-service`). */
  readonly serviceName: string;
  /**
   * What to subscribe to and how to deliver it, from the app's service definition: its id names the rule,
   * queues and function; its `delivery` sets the queue, the DLQ, the event source mapping and the timeout.
   */
  readonly subscription: DefinedSubscription;
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
  /** Default 512 MB. */
  readonly memorySize?: number;
  readonly logRetention?: RetentionDays;
  /** The ops topic its alarms notify (DLQ not empty, function errors and throttles): `lookupPlatform(...).opsTopic`. */
  readonly alarmTopic: ITopic;
}

/**
 * One subscription of a consuming service: an EventBridge rule (the subscription's pattern, verbatim) on the
 * bus, delivering to an encrypted, SSL-only SQS queue with a DLQ, drained by a `ServiceFunction` that
 * reports partial batch failures (one bad message never blocks the rest). Alarms notify the ops topic as
 * soon as the DLQ holds a message and when the function errs or is throttled. The function may read only its
 * own queue.
 *
 * @example
 * const consumer = new EventConsumer(this, 'CourseCompleted', {
 *   stage, serviceName: 'certificate-service', subscription: courseCompletedSubscription,
 *   bus: platform.bus, entry: fileURLToPath(new URL('../src/handler.ts', import.meta.url)),
 *   alarmTopic: platform.opsTopic,
 * });
 * bindTable(consumer.function, platform.table, { access: 'readWrite', leadingKeys: ['VIDEO#*'] });
 */
export class EventConsumer extends Construct {
  readonly rule: Rule;
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly function: LambdaFunction;
  readonly serviceFunction: ServiceFunction;
  readonly dlqAlarm: OpsAlarm;

  constructor(scope: Construct, id: string, props: EventConsumerProps) {
    super(scope, id);
    const { subscription } = props;
    const { delivery } = subscription;
    const name = resourceName(props.stage, props.serviceName, subscription.id);
    const timeout = Duration.seconds(delivery.functionTimeoutSeconds);
    const { maxReceiveCount } = delivery;
    const queueNames = consumerQueueNames(props.stage, props.serviceName, subscription.id);

    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      queueName: queueNames.deadLetterQueue,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(delivery.deadLetterRetentionDays),
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.queue = new Queue(this, 'Queue', {
      queueName: queueNames.queue,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(delivery.visibilityTimeoutSeconds),
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
      alarmTopic: props.alarmTopic,
    });
    this.function = this.serviceFunction.function;
    this.function.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: delivery.batchSize,
        ...(delivery.maxBatchingWindowSeconds > 0
          ? { maxBatchingWindow: Duration.seconds(delivery.maxBatchingWindowSeconds) }
          : {}),
        reportBatchItemFailures: true,
        maxConcurrency: delivery.maxConcurrency,
      }),
    );

    this.dlqAlarm = new OpsAlarm(this, 'DeadLetterAlarm', {
      alarmName: `${name}-dlq-not-empty`,
      alarmDescription: `Messages for ${props.serviceName} (${subscription.id}) failed ${maxReceiveCount} times and sit in ${queueNames.deadLetterQueue}`,
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: ALARM_PERIOD }),
      topic: props.alarmTopic,
    });
  }
}

export interface EventConsumersProps<S extends ConfigSchema = ConfigSchema>
  extends Omit<
    EventConsumerProps,
    'serviceName' | 'subscription' | 'bus' | 'handler' | 'environment' | 'alarmTopic'
  > {
  /** The app's definition (`src/service.ts`): one `EventConsumer` per subscription, with its id as construct id. */
  readonly service: ServiceDefinition<S>;
  /**
   * The subscriptions to deploy, when the stack must bind something only it knows into a pattern (a bucket it
   * creates, see `withPatterns`); default the definition's. Delivery settings come with them.
   */
  readonly subscriptions?: readonly DefinedSubscription[];
  /** Variables of the service's config schema: a name the schema does not declare does not compile. */
  readonly environment?: ConfigEnvironment<S>;
  /**
   * The buses (a rule listens on `platform.bus` for `bus: 'platform'`, on `platform.defaultBus` otherwise) and
   * the ops topic every consumer's alarms notify.
   */
  readonly platform: Pick<Platform, 'bus' | 'defaultBus' | 'opsTopic'>;
  /** The exported handler of a subscription's function (default `handler` for all). */
  readonly handler?: (subscription: DefinedSubscription) => string;
  /** Grants for one consumer's function (tables, buckets, APIs), called as each consumer is created. */
  readonly configure?: (consumer: EventConsumer, subscription: DefinedSubscription) => void;
  /** The Powertools idempotency table, bound to every function after `configure`. */
  readonly idempotencyTable?: ITable;
}

/**
 * One `EventConsumer` per subscription of a service's definition, each on the bus its subscription names, with
 * its own delivery settings, the service's own grants (`configure`) and, when given, the idempotency table.
 *
 * @example
 * this.consumers = createEventConsumers(this, {
 *   stage, service, platform,
 *   entry: fileURLToPath(new URL('../src/handler.ts', import.meta.url)),
 *   environment: { APP_URL: props.appUrl },
 *   idempotencyTable: platform.idempotencyTable,
 *   configure: (consumer) =>
 *     bindTable(consumer.function, platform.table, { access: 'read', envVar: service.variable('TABLE_NAME') }),
 * });
 */
export function createEventConsumers<S extends ConfigSchema>(
  scope: Construct,
  props: EventConsumersProps<S>,
): EventConsumer[] {
  const { service, subscriptions, platform, handler, configure, idempotencyTable, environment, ...common } =
    props;
  return (subscriptions ?? service.subscriptions).map((subscription) => {
    const consumer = new EventConsumer(scope, subscription.id, {
      ...common,
      serviceName: service.name,
      subscription,
      environment: service.environment(environment ?? {}),
      bus: subscription.bus === 'platform' ? platform.bus : platform.defaultBus,
      alarmTopic: platform.opsTopic,
      ...(handler ? { handler: handler(subscription) } : {}),
    });
    configure?.(consumer, subscription);
    if (idempotencyTable) bindIdempotencyTable(consumer.function, idempotencyTable);
    return consumer;
  });
}
