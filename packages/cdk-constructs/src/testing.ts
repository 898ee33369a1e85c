import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { expect } from 'vitest';
import { platformApiFunctionName } from './platform-api';
import { infraParameterNames } from './platform-parameters';

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

type TemplateJson = { Parameters?: Record<string, { Type?: string; Default?: unknown }> };

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
  const platformApi = {
    'Fn::Join': [
      '',
      expect.arrayContaining([expect.stringMatching(`:function:${platformApiFunctionName(stage)}$`)]),
    ],
  };
  expect(statements.filter((s) => JSON.stringify(s.Action).includes('lambda:'))).toStrictEqual([
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
