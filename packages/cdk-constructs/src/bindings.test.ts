import type { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AttributeType, BillingMode, Table } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { describe, expect, it } from 'vitest';
import { FIXTURE_ENTRY, opsTopic, testStack } from '../test/helpers';
import { bindBucket, bindBus, bindIdempotencyTable, bindTable } from './bindings';
import { lookupPlatform } from './lookup-platform';
import { expectNoUnsuppressedFindings, nagFindings } from './nag';
import { ServiceFunction } from './service-function';

function setup(): { stack: Stack; fn: ServiceFunction } {
  const stack = testStack();
  const fn = new ServiceFunction(stack, 'Worker', {
    stage: 'dev',
    serviceName: 'certificate-service',
    functionName: 'worker',
    entry: FIXTURE_ENTRY,
    alarmTopic: opsTopic(stack),
  });
  return { stack, fn };
}

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

/** The statements the bind helpers added to the function role's default policy (its own log grant left out). */
function defaultPolicyStatements(stack: Stack, fn: ServiceFunction): Statement[] {
  const policy = fn.role.node.findChild('DefaultPolicy').node.defaultChild as Parameters<
    Stack['getLogicalId']
  >[0];
  const resources = Template.fromStack(stack).findResources('AWS::IAM::Policy');
  const statements: Statement[] =
    resources[stack.getLogicalId(policy)]?.Properties.PolicyDocument.Statement ?? [];
  return statements.filter(
    (statement) => ![statement.Action].flat().some((action) => action.startsWith('logs:')),
  );
}

/** The ARN CDK derives from an imported resource's name: `arn:<partition><service><region>:<account><type/>name`. */
function arnOf(service: string, resourceType: string, name: unknown): unknown {
  return {
    'Fn::Join': [
      '',
      [
        'arn:',
        { Ref: 'AWS::Partition' },
        service,
        { Ref: 'AWS::Region' },
        ':',
        { Ref: 'AWS::AccountId' },
        resourceType,
        name,
      ],
    ],
  };
}

function variables(stack: Stack): Record<string, unknown> {
  const [fn] = Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function'));
  return fn?.Properties.Environment.Variables;
}

describe('bindTable', () => {
  it('grants read actions on the table only (no Scan, no indexes) and sets TABLE_NAME', () => {
    const { stack, fn } = setup();
    const table = Table.fromTableArn(
      stack,
      'T',
      'arn:aws:dynamodb:eu-west-1:123456789012:table/sfe-dev-platform',
    );
    bindTable(fn.function, table, { access: 'read' });
    expect(defaultPolicyStatements(stack, fn)).toStrictEqual([
      {
        Effect: 'Allow',
        Action: [
          'dynamodb:BatchGetItem',
          'dynamodb:ConditionCheckItem',
          'dynamodb:DescribeTable',
          'dynamodb:GetItem',
          'dynamodb:Query',
        ],
        Resource: 'arn:aws:dynamodb:eu-west-1:123456789012:table/sfe-dev-platform',
      },
    ]);
    expect(variables(stack)).toMatchObject({ TABLE_NAME: 'sfe-dev-platform' });
  });

  it('scopes writes to the function own keys with a LeadingKeys condition', () => {
    const { stack, fn } = setup();
    const table = Table.fromTableArn(
      stack,
      'T',
      'arn:aws:dynamodb:eu-west-1:123456789012:table/sfe-dev-platform',
    );
    bindTable(fn.function, table, { access: 'write', leadingKeys: ['VIDEO#*'], envVar: 'PLATFORM_TABLE' });
    expect(defaultPolicyStatements(stack, fn)).toStrictEqual([
      {
        Effect: 'Allow',
        Action: [
          'dynamodb:BatchWriteItem',
          'dynamodb:ConditionCheckItem',
          'dynamodb:DeleteItem',
          'dynamodb:PutItem',
          'dynamodb:UpdateItem',
        ],
        Resource: 'arn:aws:dynamodb:eu-west-1:123456789012:table/sfe-dev-platform',
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['VIDEO#*'] } },
      },
    ]);
    expect(variables(stack)).toMatchObject({ PLATFORM_TABLE: 'sfe-dev-platform' });
  });

  it('uses StringEquals when the leading keys are exact values', () => {
    const { stack, fn } = setup();
    const table = Table.fromTableArn(stack, 'T', 'arn:aws:dynamodb:eu-west-1:123456789012:table/t');
    bindTable(fn.function, table, { access: 'readWrite', leadingKeys: ['REPORT#daily'] });
    const [statement] = defaultPolicyStatements(stack, fn);
    expect(statement?.Condition).toStrictEqual({
      'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['REPORT#daily'] },
    });
    expect(statement?.Action).toContain('dynamodb:Query');
    expect(statement?.Action).toContain('dynamodb:PutItem');
  });

  it('rejects an empty leadingKeys list, which would silently allow nothing', () => {
    const { stack, fn } = setup();
    const table = Table.fromTableArn(stack, 'T', 'arn:aws:dynamodb:eu-west-1:123456789012:table/t');
    expect(() => bindTable(fn.function, table, { access: 'write', leadingKeys: [] })).toThrow(/leadingKeys/);
  });

  it('adds the index ARN and acknowledges exactly that wildcard when indexes are asked for', () => {
    const { stack, fn } = setup();
    const table = new Table(stack, 'Owned', {
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    });
    bindTable(fn.function, table, { access: 'read', indexes: true });
    const [statement] = defaultPolicyStatements(stack, fn);
    expect(statement?.Resource).toStrictEqual([
      {
        'Fn::GetAtt': [
          stack.getLogicalId(table.node.defaultChild as Parameters<Stack['getLogicalId']>[0]),
          'Arn',
        ],
      },
      {
        'Fn::Join': [
          '',
          [
            {
              'Fn::GetAtt': [
                stack.getLogicalId(table.node.defaultChild as Parameters<Stack['getLogicalId']>[0]),
                'Arn',
              ],
            },
            '/index/*',
          ],
        ],
      },
    ]);
    expectNoUnsuppressedFindings(stack);
  });
});

describe('bindBus', () => {
  it('allows PutEvents on that bus only and sets EVENT_BUS_NAME', () => {
    const { stack, fn } = setup();
    const platform = lookupPlatform(stack, 'dev');
    bindBus(fn.function, platform.bus);
    const statements = defaultPolicyStatements(stack, fn);
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatchObject({ Effect: 'Allow', Action: 'events:PutEvents' });
    expect(statements[0]?.Resource).toStrictEqual(
      arnOf(':events:', ':event-bus/', { Ref: expect.stringMatching(/^SsmParameterValuesfedevbusname/) }),
    );
    expect(variables(stack)).toMatchObject({ EVENT_BUS_NAME: { Ref: expect.stringMatching(/busname/i) } });
    expectNoUnsuppressedFindings(stack);
  });
});

describe('bindBucket', () => {
  it('grants object reads under one prefix and acknowledges only that wildcard', () => {
    const { stack, fn } = setup();
    const platform = lookupPlatform(stack, 'dev');
    bindBucket(fn.function, platform.claimCheckBucket, {
      access: 'read',
      prefix: 'claim-checks/',
      envVar: 'CLAIM_CHECK_BUCKET',
    });
    const [statement] = defaultPolicyStatements(stack, fn);
    expect(statement?.Action).toBe('s3:GetObject');
    expect(JSON.stringify(statement?.Resource)).toContain('/claim-checks/*');
    expect(variables(stack)).toHaveProperty('CLAIM_CHECK_BUCKET');
    expectNoUnsuppressedFindings(stack);
  });

  it('grants writes without reads for write access', () => {
    const { stack, fn } = setup();
    const platform = lookupPlatform(stack, 'dev');
    bindBucket(fn.function, platform.claimCheckBucket, { access: 'write' });
    const [statement] = defaultPolicyStatements(stack, fn);
    expect(statement?.Action).toStrictEqual(['s3:AbortMultipartUpload', 's3:PutObject']);
    expect(variables(stack)).toHaveProperty('BUCKET_NAME');
  });

  it('leaves a wildcard grant added beside it reported', () => {
    const { stack, fn } = setup();
    const platform = lookupPlatform(stack, 'dev');
    bindBucket(fn.function, platform.claimCheckBucket, { access: 'read', prefix: 'a/' });
    bindBucket(fn.function, platform.claimCheckBucket, { access: 'read', prefix: 'b/' });
    fn.function.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:GetObject'],
        resources: ['*'],
      }),
    );
    expect(nagFindings(stack).map((finding) => finding.ruleId)).toStrictEqual([
      'AwsSolutions-IAM5[Resource::*]',
    ]);
  });
});

describe('bindIdempotencyTable', () => {
  it('grants record access on the idempotency table and sets IDEMPOTENCY_TABLE_NAME', () => {
    const { stack, fn } = setup();
    const platform = lookupPlatform(stack, 'dev');
    bindIdempotencyTable(fn.function, platform.idempotencyTable);
    const [statement] = defaultPolicyStatements(stack, fn);
    expect(statement?.Action).toStrictEqual([
      'dynamodb:DeleteItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
    ]);
    expect(statement?.Resource).toStrictEqual(
      arnOf(':dynamodb:', ':table/', {
        Ref: expect.stringMatching(/^SsmParameterValuesfedevidempotencytablename/),
      }),
    );
    expect(variables(stack)).toHaveProperty('IDEMPOTENCY_TABLE_NAME');
  });
});
