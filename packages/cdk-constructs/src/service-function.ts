import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Effect, Policy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, type CfnFunction, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { ALARM_PERIOD, OpsAlarm } from './alarms';
import { functionCode } from './bundling/function-code';
import { resourceName } from './stage';

export { ESM_BANNER } from './bundling/function-bundle';

/** The runtime every sfe function uses. */
export const FUNCTION_RUNTIME = Runtime.NODEJS_24_X;

export interface ServiceFunctionProps {
  /** Stage (`dev`, `prod`, ...): in the function name and the `STAGE` variable. */
  readonly stage: string;
  /** The owning service (`certificate-service`): Powertools service name and metrics namespace. */
  readonly serviceName: string;
  /** Short kebab-case name of this function within the service; the function is `sfe-<stage>-<service>-<name>`. */
  readonly functionName: string;
  /** The handler's TypeScript file. */
  readonly entry: string;
  /** The exported handler (default `handler`). */
  readonly handler?: string;
  /** Extra variables, merged over the defaults (yours win on a clash). */
  readonly environment?: Readonly<Record<string, string>>;
  /** Default 30 seconds. */
  readonly timeout?: Duration;
  /** Default 512 MB. */
  readonly memorySize?: number;
  /** Default one month. */
  readonly logRetention?: RetentionDays;
  /** Powertools log level (default `INFO`). */
  readonly logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  readonly description?: string;
  /** Reserved concurrency, e.g. to protect a downstream API. */
  readonly reservedConcurrentExecutions?: number;
  /** The ops topic its errors and throttles alarms notify (`lookupPlatform(...).opsTopic`). */
  readonly alarmTopic: ITopic;
}

/**
 * A Lambda function with the platform's defaults: Node 24 on arm64, an ESM bundle built locally by esbuild
 * (`functionBuildOptions`: minified, zod without its locales, a source map beside it that is not loaded at
 * run time), X-Ray tracing, its own log group with a retention period, the
 * Powertools environment, and two alarms notifying the ops topic: any error, any throttle (each in a minute). Its role starts with nothing but writing to its own log group and sending
 * traces; grant the rest with the `bind*` helpers.
 *
 * @example
 * const fn = new ServiceFunction(this, 'Api', {
 *   stage, serviceName: 'certificate-service', functionName: 'api',
 *   entry: fileURLToPath(new URL('../src/api.ts', import.meta.url)), alarmTopic: platform.opsTopic,
 * });
 * bindTable(fn.function, platform.table, { access: 'read' });
 */
export class ServiceFunction extends Construct {
  readonly function: LambdaFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;
  readonly errorsAlarm: OpsAlarm;
  readonly throttlesAlarm: OpsAlarm;

  constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    super(scope, id);
    const name = resourceName(props.stage, props.serviceName, props.functionName);

    this.logGroup = new LogGroup(this, 'LogGroup', {
      logGroupName: `/aws/lambda/${name}`,
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // Our own role instead of the default one: the default attaches the AWSLambdaBasicExecutionRole managed
    // policy (logs on every group in the account); this one may write only to the function's own group.
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${name}`,
    });
    this.logGroup.grantWrite(this.role);

    this.function = new LambdaFunction(this, 'Function', {
      functionName: name,
      code: functionCode(props.entry, FUNCTION_RUNTIME),
      handler: `index.${props.handler ?? 'handler'}`,
      description: props.description,
      runtime: FUNCTION_RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(30),
      role: this.role,
      logGroup: this.logGroup,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      environment: {
        ...serviceEnvironment(props),
        ...props.environment,
      },
    });

    enableTracing(this, this.function, this.role);

    // Errors are invocations that threw or timed out (a record that fails alone in a partial batch response
    // is not one: its DLQ alarm tells); throttles mean work waits for concurrency.
    this.errorsAlarm = new OpsAlarm(this, 'ErrorsAlarm', {
      alarmName: `${name}-errors`,
      alarmDescription: `${name} threw or timed out`,
      metric: this.function.metricErrors({ period: ALARM_PERIOD }),
      topic: props.alarmTopic,
    });
    this.throttlesAlarm = new OpsAlarm(this, 'ThrottlesAlarm', {
      alarmName: `${name}-throttles`,
      alarmDescription: `${name} was throttled: invocations waited for concurrency`,
      metric: this.function.metricThrottles({ period: ALARM_PERIOD }),
      topic: props.alarmTopic,
    });
  }
}

/**
 * The variables every function gets: Powertools configuration and stage. No NODE_OPTIONS: with
 * `--enable-source-maps` Node parses the bundle's source map at every cold start (about half a bare Node start
 * of CPU, see BENCHMARKS.md); stack traces name minified positions, which the map beside the bundle decodes.
 */
function serviceEnvironment(props: ServiceFunctionProps): Record<string, string> {
  return {
    STAGE: props.stage,
    POWERTOOLS_SERVICE_NAME: props.serviceName,
    POWERTOOLS_LOG_LEVEL: props.logLevel ?? 'INFO',
    POWERTOOLS_METRICS_NAMESPACE: 'sfe',
    POWERTOOLS_DEV: 'false',
  };
}

/**
 * Turns on active X-Ray tracing with the permissions in a policy of their own. CDK's `tracing` option would
 * put `xray:*` on `*` into the role's default policy, where acknowledging the wildcard would also hide any
 * future wildcard grant; kept separate, the acknowledgement covers exactly the X-Ray statement.
 */
function enableTracing(scope: Construct, fn: LambdaFunction, role: Role): void {
  (fn.node.defaultChild as CfnFunction).tracingConfig = { mode: 'Active' };
  const policy = new Policy(scope, 'TracingPolicy', {
    roles: [role],
    statements: [
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'],
        resources: ['*'],
      }),
    ],
  });
  fn.node.addDependency(policy);
  Validations.of(policy).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason: 'X-Ray PutTraceSegments/PutTelemetryRecords do not support resource-level permissions.',
  });
}
