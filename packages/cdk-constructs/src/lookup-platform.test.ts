import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { testStack } from '../test/helpers';
import { lookupPlatform } from './lookup-platform';

describe('lookupPlatform', () => {
  it('resolves each resource from its SSM parameter at deploy time, without exports', () => {
    const stack = testStack();
    const platform = lookupPlatform(stack, 'prod');
    stack.exportValue(platform.bus.eventBusName, { name: 'probe-bus-name' });
    stack.exportValue(platform.table.tableStreamArn ?? '', { name: 'probe-stream' });
    stack.exportValue(platform.claimCheckBucket.bucketName, { name: 'probe-bucket' });
    const template = Template.fromStack(stack).toJSON();
    const parameters = Object.values(
      template.Parameters as Record<string, { Type: string; Default?: string }>,
    )
      .filter((parameter) => parameter.Type.startsWith('AWS::SSM::Parameter::Value'))
      .map((parameter) => parameter.Default)
      .filter((name) => name?.startsWith('/sfe/'))
      .sort();
    expect(parameters).toStrictEqual([
      '/sfe/prod/bus/name',
      '/sfe/prod/claim-check-bucket/name',
      '/sfe/prod/platform-table/name',
      '/sfe/prod/platform-table/stream-arn',
    ]);
    expect(JSON.stringify(template)).not.toContain('Fn::ImportValue');
  });

  it('adds a parameter only for the resources a stack uses, and derives ARNs from names', () => {
    const stack = testStack();
    const platform = lookupPlatform(stack, 'dev');
    expect(platform.idempotencyTable).toBe(platform.idempotencyTable);
    stack.exportValue(platform.idempotencyTable.tableArn, { name: 'probe' });
    stack.exportValue(platform.bus.eventBusArn, { name: 'probe-bus' });
    const parameters = Object.values(
      Template.fromStack(stack).toJSON().Parameters as Record<string, { Default?: string }>,
    )
      .map((parameter) => parameter.Default)
      .filter((value) => value?.startsWith('/sfe/'))
      .sort();
    expect(parameters).toStrictEqual(['/sfe/dev/bus/name', '/sfe/dev/idempotency-table/name']);
  });

  it('names the default bus "default" for AWS service events', () => {
    const stack = testStack();
    expect(stack.resolve(lookupPlatform(stack, 'dev').defaultBus.eventBusName)).toBe('default');
  });
});
