import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { expectNoUnsuppressedFindings, testApp } from './nag';
import { ServiceTable } from './service-table';

describe('ServiceTable', () => {
  it('is a pk/sk on-demand table, encrypted, with point-in-time recovery, retained, and clean under cdk-nag', () => {
    const stack = new Stack(testApp(), 'TestStack');
    const table = new ServiceTable(stack, 'ReportingTable', {
      tableName: 'sfe-dev-reporting',
      retainedBecause: 'markers keep replays from counting twice',
    });
    const template = Template.fromStack(stack);

    expect(stack.getLogicalId(table.node.defaultChild as never)).toMatch(/^ReportingTable/);
    template.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        TableName: 'sfe-dev-reporting',
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
        Replicas: [
          {
            Region: { Ref: 'AWS::Region' },
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          },
        ],
      },
    });
    expectNoUnsuppressedFindings(stack);
  });

  it('refuses a table with no reason to be retained', () => {
    const stack = new Stack(testApp(), 'TestStack');
    expect(() => new ServiceTable(stack, 'T', { tableName: 'sfe-dev-t', retainedBecause: ' ' })).toThrow(
      /retainedBecause must say why/,
    );
  });
});
