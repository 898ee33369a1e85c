import { expectNoUnsuppressedFindings, testApp } from '@sfe/cdk-constructs';
import { describeConsumerStackConformance, expectPlatformApiCallBack } from '@sfe/cdk-constructs/testing';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { service } from '../src/service';
import { ReportingStack } from './reporting-stack';

let stack: ReportingStack;
let template: Template;

beforeAll(() => {
  stack = new ReportingStack(testApp(), 'sfe-dev-reporting-service', { stage: 'dev' });
  template = Template.fromStack(stack);
});

// The consumer stack contract (parameters, rules, queues, delivery settings), run once per app.
describeConsumerStackConformance({ service, stage: 'dev', template: () => template });

describe('ReportingStack', () => {
  it('owns an encrypted reporting table with point-in-time recovery, kept on delete', () => {
    template.hasResource('AWS::DynamoDB::GlobalTable', {
      Properties: Match.objectLike({
        TableName: 'sfe-dev-reporting',
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        Replicas: [
          Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }),
        ],
      }),
      DeletionPolicy: 'Retain',
    });
  });

  it('lets the function only Put and Update on its own table', () => {
    const policies = Object.values(template.findResources('AWS::IAM::Policy'));
    const statements = policies.flatMap(
      (policy) =>
        (
          policy as {
            Properties: { PolicyDocument: { Statement: { Action: unknown; Resource: unknown }[] } };
          }
        ).Properties.PolicyDocument.Statement,
    );
    const reporting = statements.filter((s) => /ReportingTable/.test(JSON.stringify(s.Resource)));
    expect(reporting).toStrictEqual([
      {
        Action: ['dynamodb:PutItem', 'dynamodb:UpdateItem'],
        Effect: 'Allow',
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/^ReportingTable/), 'Arn'] },
      },
    ]);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          REPORTING_TABLE_NAME: { Ref: Match.stringLikeRegexp('ReportingTable') },
          IDEMPOTENCY_TABLE_NAME: Match.anyValue(),
        }),
      },
    });
  });

  it('may look up and call back the platform API (IAM-authenticated function URL) by its name, nothing else of it', () => {
    expectPlatformApiCallBack(template, 'dev');
  });

  it('passes cdk-nag (AwsSolutions) with no unacknowledged finding', () => {
    expectNoUnsuppressedFindings(stack);
  });
});
