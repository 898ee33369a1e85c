import {
  expectNoUnsuppressedFindings,
  PLATFORM_API,
  platformApiFunctionName,
  platformParameterNames,
  testApp,
} from '@sfe/cdk-constructs';
import { expectReadsOnlyInfraParameters } from '@sfe/cdk-constructs/testing';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { service } from '../src/service';
import { PlatformApiStack } from './platform-api-stack';

let stack: PlatformApiStack;
let template: Template;

beforeAll(() => {
  stack = new PlatformApiStack(testApp(), 'sfe-dev-platform-api', { stage: 'dev' });
  template = Template.fromStack(stack);
});

describe('PlatformApiStack', () => {
  it('reads only the SSM parameters infra writes, so it deploys alone to a new stage after infra', () => {
    expectReadsOnlyInfraParameters(template, 'dev');
  });

  it('names its function as consumers look it up (bindPlatformApi), under the name the service defines', () => {
    expect(PLATFORM_API.serviceName).toBe(service.name);
    template.hasResourceProperties('AWS::Lambda::Function', { FunctionName: platformApiFunctionName('dev') });
  });

  it('serves a function URL with IAM auth only', () => {
    template.resourceCountIs('AWS::Lambda::Url', 1);
    template.hasResourceProperties('AWS::Lambda::Url', {
      AuthType: 'AWS_IAM',
      TargetFunctionArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Function'), 'Arn'] },
    });
    // No resource policy opens it to everyone (AuthType NONE would need one).
    expect(Object.values(template.findResources('AWS::Lambda::Permission'))).toStrictEqual([]);
  });

  it("may only read users' partitions of the platform table, found by name in SSM", () => {
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (policy) =>
        (policy as { Properties: { PolicyDocument: { Statement: unknown[] } } }).Properties.PolicyDocument
          .Statement,
    );
    const table = statements
      .filter((s) => JSON.stringify(s).includes('dynamodb:'))
      .map((s) => ({ ...(s as Record<string, unknown>), Resource: 'the platform table' }));
    expect(table).toStrictEqual([
      {
        Effect: 'Allow',
        Action: [
          'dynamodb:BatchGetItem',
          'dynamodb:ConditionCheckItem',
          'dynamodb:DescribeTable',
          'dynamodb:GetItem',
          'dynamodb:Query',
        ],
        Resource: 'the platform table',
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['USER#*'] } },
      },
    ]);
    template.hasParameter('*', {
      Type: 'AWS::SSM::Parameter::Value<String>',
      Default: platformParameterNames('dev').tableName,
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ PLATFORM_TABLE_NAME: Match.anyValue() }) },
    });
  });

  it('publishes its URL and function ARN in SSM for consumer stacks', () => {
    const names = platformParameterNames('dev');
    template.hasResourceProperties('AWS::SSM::Parameter', {
      Name: names.platformApiUrl,
      Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Function.*Url'), 'FunctionUrl'] },
    });
    template.hasResourceProperties('AWS::SSM::Parameter', {
      Name: names.platformApiFunctionArn,
      Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Function'), 'Arn'] },
    });
  });

  it('has no unacknowledged cdk-nag findings', () => {
    expectNoUnsuppressedFindings(stack);
  });
});
