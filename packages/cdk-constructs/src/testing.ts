import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { expect } from 'vitest';
import { opsTopicName } from './alarms';
import { platformApiFunctionName } from './platform-api';
import { infraParameterNames, platformParameterNames } from './platform-parameters';

/** A stack reads an SSM parameter `infra` does not write, so it cannot deploy alone after `infra`. */
export class ExpectReadsOnlyInfraParametersError extends Error {
  override readonly name = 'ExpectReadsOnlyInfraParametersError';
}

// `{{resolve:ssm:/name}}`, `{{resolve:ssm:/name:3}}`, `{{resolve:ssm-secure:/name}}`: CloudFormation's dynamic
// references, which read a parameter without declaring a template parameter.
const DYNAMIC_REFERENCE = /\{\{resolve:ssm(?:-secure)?:([^:}]+)(?::\d+)?\}\}/g;

// The CDK bootstrap stack's version, which the default synthesizer checks on every deploy: `cdk bootstrap`
// writes it, before infra, so it is no other stack's parameter.
const BOOTSTRAP_VERSION = /^\/cdk-bootstrap\/[^/]+\/version$/;

type TemplateJson = {
  Parameters?: Record<string, { Type?: string; Default?: unknown }>;
  Resources?: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
};

/**
 * The SSM parameter names a synthesized template reads, sorted: template parameters of an SSM type (what
 * `StringParameter.valueForStringParameter` and `lookupPlatform` declare, the name as their default) and
 * dynamic references (`{{resolve:ssm:...}}`). An SSM parameter without a name it defaults to is listed as
 * `<template parameter Id: no default>`, since nothing says what it reads. CDK's bootstrap version is left out.
 */
export function ssmParametersRead(stackOrTemplate: Stack | Template): string[] {
  const template = stackOrTemplate instanceof Stack ? Template.fromStack(stackOrTemplate) : stackOrTemplate;
  const json = template.toJSON() as TemplateJson;
  const declared = Object.entries(json.Parameters ?? {})
    .filter(([, parameter]) => parameter.Type?.startsWith('AWS::SSM::Parameter::') ?? false)
    .map(([id, parameter]) =>
      typeof parameter.Default === 'string' ? parameter.Default : `<template parameter ${id}: no default>`,
    );
  const referenced = [...JSON.stringify(json).matchAll(DYNAMIC_REFERENCE)].map((match) => match[1] ?? '');
  return [...new Set([...declared, ...referenced])].filter((name) => !BOOTSTRAP_VERSION.test(name)).sort();
}

/**
 * For every app's stack test: throws, naming each one, when the stack reads an SSM parameter that `infra`
 * does not write (`INFRA_PARAMETERS`). An app stack that reads only infra's parameters deploys alone, in any
 * order, to a new stage once `infra` is deployed; one reading another service's parameter waits for that
 * service. Returns what the stack reads, for a further assertion.
 * @example expect(expectReadsOnlyInfraParameters(stack, 'dev')).toContain('/sfe/dev/bus/name');
 */
export function expectReadsOnlyInfraParameters(stackOrTemplate: Stack | Template, stage: string): string[] {
  const read = ssmParametersRead(stackOrTemplate);
  const allowed = new Set(infraParameterNames(stage));
  const foreign = read.filter((name) => !allowed.has(name));
  if (foreign.length > 0) {
    throw new ExpectReadsOnlyInfraParametersError(
      `the stack reads SSM parameter(s) infra does not write: ${foreign.join(', ')}. ` +
        `An app stack may read only ${[...allowed].join(', ')} (INFRA_PARAMETERS in @sfe/cdk-constructs), ` +
        'so it deploys alone after infra; get anything else from the event or from its own stack.',
    );
  }
  return read;
}

/** A CloudWatch alarm would fire and tell nobody: it has no action notifying the ops topic. */
export class ExpectEveryAlarmNotifiesOpsError extends Error {
  override readonly name = 'ExpectEveryAlarmNotifiesOpsError';
}

/**
 * Throws, naming each one, when a CloudWatch alarm of the template does not notify the ops topic both when it
 * fires (`AlarmActions`) and when it clears (`OKActions`). The topic is recognised as an app stack imports it
 * (a template parameter reading infra's `/sfe/<stage>/ops-topic/arn`) or as infra declares it (`sfe-<stage>-ops`).
 * Returns the alarms' names, for a further assertion. Works on synthesized templates too (`Template.fromJSON`).
 * @example expect(expectEveryAlarmNotifiesOps(template, 'dev')).toContain('sfe-dev-x-handler-errors');
 */
export function expectEveryAlarmNotifiesOps(stackOrTemplate: Stack | Template, stage: string): string[] {
  const template = stackOrTemplate instanceof Stack ? Template.fromStack(stackOrTemplate) : stackOrTemplate;
  const json = template.toJSON() as TemplateJson;
  const topicIds = new Set([
    ...Object.entries(json.Parameters ?? {})
      .filter(([, parameter]) => parameter.Default === platformParameterNames(stage).opsTopicArn)
      .map(([id]) => id),
    ...Object.entries(json.Resources ?? {})
      .filter(([, resource]) => resource.Type === 'AWS::SNS::Topic')
      .filter(([, resource]) => resource.Properties?.TopicName === opsTopicName(stage))
      .map(([id]) => id),
  ]);
  const notifiesOps = (actions: unknown) =>
    Array.isArray(actions) &&
    actions.some((action) => topicIds.has((action as { Ref?: string } | undefined)?.Ref ?? ''));
  const alarms = Object.entries(json.Resources ?? {}).filter(
    ([, resource]) => resource.Type === 'AWS::CloudWatch::Alarm',
  );
  const name = ([id, resource]: [string, { Properties?: Record<string, unknown> }]) =>
    typeof resource.Properties?.AlarmName === 'string' ? resource.Properties.AlarmName : id;
  const silent = alarms
    .filter(([, resource]) => !notifiesOps(resource.Properties?.AlarmActions))
    .map((alarm) => name(alarm));
  const unresolved = alarms
    .filter(([, resource]) => !notifiesOps(resource.Properties?.OKActions))
    .map((alarm) => name(alarm));
  if (silent.length > 0 || unresolved.length > 0) {
    throw new ExpectEveryAlarmNotifiesOpsError(
      [
        silent.length > 0 ? `alarm(s) that notify nobody when they fire: ${silent.join(', ')}` : '',
        unresolved.length > 0 ? `alarm(s) that notify nobody when they clear: ${unresolved.join(', ')}` : '',
      ]
        .filter(Boolean)
        .join('; ') +
        `. Every alarm notifies the ops topic (${platformParameterNames(stage).opsTopicArn}): use OpsAlarm ` +
        'from @sfe/cdk-constructs with lookupPlatform(...).opsTopic.',
    );
  }
  return alarms.map((alarm) => name(alarm)).sort();
}

export {
  type ConsumerStackConformanceOptions,
  describeConsumerStackConformance,
} from './consumer-stack-conformance';

/**
 * For the stack test of a service that calls back the platform API (`bindPlatformApi`): its only Lambda
 * permissions are to look up and invoke, with IAM auth, the platform API's function URL, found by its name, and
 * its functions are told that name. Throws (an assertion error) otherwise.
 */
export function expectPlatformApiCallBack(template: Template, stage: string): void {
  const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
    (policy) =>
      (policy as { Properties: { PolicyDocument: { Statement: Record<string, unknown>[] } } }).Properties
        .PolicyDocument.Statement,
  );
  const platformApi = expect.stringMatching(`:function:${platformApiFunctionName(stage)}$`);
  expect(
    statements
      .filter((s) => JSON.stringify(s.Action).includes('lambda:'))
      .map((s) => ({ ...s, Resource: arnText(s.Resource) })),
  ).toStrictEqual([
    {
      Action: 'lambda:InvokeFunctionUrl',
      Condition: { StringEquals: { 'lambda:FunctionUrlAuthType': 'AWS_IAM' } },
      Effect: 'Allow',
      Resource: platformApi,
    },
    { Action: 'lambda:GetFunctionUrlConfig', Effect: 'Allow', Resource: platformApi },
  ]);
  template.hasResourceProperties('AWS::Lambda::Function', {
    Environment: {
      Variables: Match.objectLike({ PLATFORM_API_FUNCTION_NAME: platformApiFunctionName(stage) }),
    },
  });
}

/**
 * An ARN as text whether CDK rendered it literally (a stack with an account and region, partition literals on)
 * or as `Fn::Join` (an environment-agnostic stack), each intrinsic written as `<Ref>` or `<Id.Attribute>`.
 */
function arnText(value: unknown): unknown {
  const join = (value as { 'Fn::Join'?: [string, unknown[]] } | null)?.['Fn::Join'];
  if (!join) return value;
  return join[1]
    .map((part) => {
      if (typeof part === 'string') return part;
      const ref = (part as { Ref?: string }).Ref;
      const getAtt = (part as { 'Fn::GetAtt'?: string[] })['Fn::GetAtt'];
      return ref ? `<${ref}>` : `<${getAtt?.join('.') ?? JSON.stringify(part)}>`;
    })
    .join(join[0]);
}
