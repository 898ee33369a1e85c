import { platformBusName, resourceName, toCdkEventPattern } from '@sfe/cdk-constructs';
import { dataFieldsOf, EVENT_DEFINITIONS, type EventDefinition, EventType, REDACTED } from '@sfe/events';
import type { RemovalPolicy } from 'aws-cdk-lib';
import { Aws, Stack } from 'aws-cdk-lib';
import { EventField, type IEventBus, Rule, type RuleTargetInput } from 'aws-cdk-lib/aws-events';
import { LogGroupTargetInput } from 'aws-cdk-lib/aws-events-targets';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { allowRulesToWrite, logGroupTarget } from './log-group-target';

/**
 * The bus's debug log, with no personal data in it: one rule per event type and version, whose EventBridge
 * input transformer writes a line naming the event (type, version, id, correlation, source) and its data
 * fields, each personal one (marked in the event schemas, `dataFieldsOf` of `@sfe/events`) written as
 * `[redacted]`, and one rule for sfe events of types the registry does not know, logged without their data.
 *
 * Why input transformers rather than a redacting function: they are derived from the same schema marks as
 * every other redaction, run inside EventBridge (no function, bundle, role or invocation per event to deploy,
 * pay for and keep within a size budget), and are an allowlist: a field is logged only if the schema knows it
 * and it is not marked, so a field added without a schema, or a claim check's presigned URL (claim-checked
 * events carry no data fields), never reaches the log. Their limits: a line lists top-level fields (nested
 * objects are written as they are, so a marked field inside one redacts the whole object), EventBridge does
 * not escape the values it inserts (a value holding a double quote fails that event's delivery to the log,
 * seen as `FailedInvocations` on the rule), and an sfe event of a known type but an unknown version is not
 * logged.
 */
export class DebugLog extends Construct {
  readonly logGroup: LogGroup;
  readonly rules: Rule[];

  constructor(
    scope: Construct,
    id: string,
    props: {
      readonly stage: string;
      readonly bus: IEventBus;
      readonly retention: RetentionDays;
      readonly removalPolicy: RemovalPolicy;
    },
  ) {
    super(scope, id);
    const { stage, bus } = props;
    this.logGroup = new LogGroup(this, 'LogGroup', {
      // EventBridge delivers only to log groups under /aws/events/.
      logGroupName: `/aws/events/${platformBusName(stage)}`,
      retention: props.retention,
      removalPolicy: props.removalPolicy,
    });
    const rulePrefix = resourceName(stage, 'bus-debug');
    allowRulesToWrite(
      this,
      this.logGroup,
      resourceName(stage, 'bus-debug-log'),
      `arn:${Aws.PARTITION}:events:${Aws.REGION}:${Aws.ACCOUNT_ID}:rule/${platformBusName(stage)}/${rulePrefix}-*`,
    );
    const rule = (
      ruleId: string,
      ruleName: string,
      pattern: Readonly<Record<string, unknown>>,
      input: RuleTargetInput,
    ) =>
      new Rule(this, ruleId, {
        ruleName,
        description: 'Copies sfe events to CloudWatch Logs for debugging, personal data redacted',
        eventBus: bus,
        eventPattern: toCdkEventPattern(pattern),
        targets: [logGroupTarget(this.logGroup, input)],
      });
    this.rules = EVENT_DEFINITIONS.map((definition) =>
      rule(
        `${definition.type}V${definition.version}`,
        `${rulePrefix}-${kebab(definition.type)}-v${definition.version}`,
        {
          source: [{ prefix: 'sfe-' }],
          'detail-type': [definition.type],
          detail: { metadata: { version: [definition.version] } },
        },
        debugLogInput(definition),
      ),
    );
    this.rules.push(
      rule(
        'UnknownTypes',
        `${rulePrefix}-unknown-types`,
        { source: [{ prefix: 'sfe-' }], 'detail-type': [{ 'anything-but': Object.values(EventType) }] },
        LogGroupTargetInput.fromObjectV2({
          timestamp: EventField.time,
          message: `${EventField.detailType} (a type the registry does not define; data not logged) ${envelope()}`,
        }),
      ),
    );
    // The rule names are the policy's pattern: keep them within it (and within EventBridge's 64 characters).
    for (const each of this.rules) {
      const name = Stack.of(this).resolve((each.node.defaultChild as { name?: string }).name) as string;
      if (!name.startsWith(`${rulePrefix}-`) || name.length > 64) {
        throw new Error(
          `debug log rule name ${name} must start with ${rulePrefix}- and be at most 64 characters`,
        );
      }
    }
  }
}

/** What the debug log writes for one event version: its envelope and data fields, personal ones redacted. */
export function debugLogInput(definition: EventDefinition): RuleTargetInput {
  const fields = dataFieldsOf(definition).map(({ field, personal }) =>
    personal ? `${field}=${REDACTED}` : `${field}=${EventField.fromPath(`$.detail.data.${field}`)}`,
  );
  return LogGroupTargetInput.fromObjectV2({
    timestamp: EventField.time,
    message: [`${definition.type} v${definition.version}`, envelope(), ...fields].join(' '),
  });
}

function envelope(): string {
  return [
    `id=${EventField.fromPath('$.detail.metadata.id')}`,
    `correlationId=${EventField.fromPath('$.detail.metadata.correlationId')}`,
    `source=${EventField.source}`,
  ].join(' ');
}

function kebab(type: string): string {
  return type.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}
