import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { testStack } from '../test/helpers';
import { lookupPlatform } from './lookup-platform';

describe('lookupPlatform', () => {
  it('resolves each resource from its SSM parameter at deploy time, without exports', () => {
    const stack = testStack();
    const platform = lookupPlatform(stack, 'prod');
    stack.exportValue(platform.bus.eventBusName, { name: 'probe-bus-name' });
    stack.exportValue(platform.table.tableName, { name: 'probe-table' });
    stack.exportValue(platform.tableWithStream.tableStreamArn ?? '', { name: 'probe-stream' });
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

  it('imports the table for its stream from the stream ARN alone, deriving the name from it', () => {
    const stack = testStack();
    const { tableWithStream } = lookupPlatform(stack, 'dev');
    stack.exportValue(tableWithStream.tableStreamArn ?? '', { name: 'probe-stream' });
    stack.exportValue(tableWithStream.tableName, { name: 'probe-name' });
    const template = Template.fromStack(stack).toJSON();
    const parameters = Object.entries(template.Parameters as Record<string, { Default?: string }>).filter(
      ([, parameter]) => parameter.Default?.startsWith('/sfe/'),
    );
    expect(parameters.map(([, parameter]) => parameter.Default)).toStrictEqual([
      '/sfe/dev/platform-table/stream-arn',
    ]);
    // The path feeds the stream mapping's logical id: a new one would replace the mapping (rereading the stream).
    expect(tableWithStream.node.path).toBe('TestStack/Platform/Table');
    const [streamParameter] = parameters[0] ?? [];
    const outputs = Object.values(template.Outputs as Record<string, { Value: unknown }>).map((o) => o.Value);
    expect(outputs).toStrictEqual([
      { Ref: streamParameter },
      { 'Fn::Select': [1, { 'Fn::Split': ['/', { Ref: streamParameter }] }] },
    ]);
  });

  it('serves both uses from one import when the stream import comes first, else imports twice', () => {
    const streamFirst = lookupPlatform(testStack(), 'dev');
    const withStream = streamFirst.tableWithStream;
    expect(streamFirst.table).toBe(withStream);
    const nameFirst = lookupPlatform(testStack(), 'dev');
    const byName = nameFirst.table;
    expect(nameFirst.tableWithStream).not.toBe(byName);
    expect(nameFirst.tableWithStream.tableStreamArn).toBeDefined();
    expect(nameFirst.tableWithStream).toBe(nameFirst.tableWithStream);
  });

  it('imports the table by name without a stream parameter for stacks that read and write items', () => {
    const stack = testStack();
    const { table } = lookupPlatform(stack, 'dev');
    stack.exportValue(table.tableArn, { name: 'probe-arn' });
    expect(table.tableStreamArn).toBeUndefined();
    const parameters = Object.values(
      Template.fromStack(stack).toJSON().Parameters as Record<string, { Default?: string }>,
    )
      .map((parameter) => parameter.Default)
      .filter((value) => value?.startsWith('/sfe/'));
    expect(parameters).toStrictEqual(['/sfe/dev/platform-table/name']);
  });

  it('names the default bus "default" for AWS service events', () => {
    const stack = testStack();
    expect(stack.resolve(lookupPlatform(stack, 'dev').defaultBus.eventBusName)).toBe('default');
  });

  it('imports the ops topic from its ARN parameter, once', () => {
    const stack = testStack();
    const platform = lookupPlatform(stack, 'dev');
    expect(platform.opsTopic).toBe(platform.opsTopic);
    stack.exportValue(platform.opsTopic.topicArn, { name: 'probe-topic' });
    const template = Template.fromStack(stack).toJSON();
    const [[id, parameter] = []] = Object.entries(
      template.Parameters as Record<string, { Default?: string }>,
    ).filter(([, value]) => value.Default?.startsWith('/sfe/'));
    expect(parameter?.Default).toBe('/sfe/dev/ops-topic/arn');
    const outputs = Object.values(template.Outputs as Record<string, { Value: unknown }>).map((o) => o.Value);
    expect(outputs).toStrictEqual([{ Ref: id }]);
  });
});
