import { App, CfnOutput, Duration, SecretValue, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Metric } from 'aws-cdk-lib/aws-cloudwatch';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import { describe, expect, it } from 'vitest';
import { OpsAlarm, opsTopicName } from './alarms';
import { lookupPlatform } from './lookup-platform';
import { bindPlatformApi } from './platform-api';
import { INFRA_PARAMETERS, infraParameterNames, platformParameterNames } from './platform-parameters';
import {
  ExpectEveryAlarmNotifiesOpsError,
  ExpectReadsOnlyInfraParametersError,
  expectEveryAlarmNotifiesOps,
  expectPlatformApiCallBack,
  expectReadsOnlyInfraParameters,
  ssmParametersRead,
} from './testing';

function stackReading(read: (stack: Stack) => void): Stack {
  const stack = new Stack(new App(), 'Reader');
  read(stack);
  return stack;
}

describe('ssmParametersRead', () => {
  it('lists the parameters lookupPlatform declares, each once, by the names infra writes', () => {
    const stack = stackReading((s) => {
      const platform = lookupPlatform(s, 'dev');
      new CfnOutput(s, 'Bus', { value: platform.bus.eventBusName });
      new CfnOutput(s, 'Table', { value: platform.table.tableName });
      new CfnOutput(s, 'TableAgain', { value: platform.table.tableArn });
      new CfnOutput(s, 'Stream', { value: platform.tableWithStream.tableStreamArn ?? '' });
    });
    const names = platformParameterNames('dev');
    expect(ssmParametersRead(stack)).toStrictEqual(
      [names.busName, names.tableName, names.tableStreamArn].sort(),
    );
  });

  it('finds dynamic references too, and reads a Template as well as a Stack', () => {
    const stack = stackReading((s) => {
      new CfnOutput(s, 'Plain', { value: StringParameter.valueForStringParameter(s, '/other/plain', 2) });
      new CfnOutput(s, 'Secure', { value: SecretValue.ssmSecure('/other/secret', '3').unsafeUnwrap() });
    });
    expect(ssmParametersRead(Template.fromStack(stack))).toStrictEqual(['/other/plain', '/other/secret']);
  });
});

describe('expectReadsOnlyInfraParameters', () => {
  it('accepts a stack reading only what infra writes, and returns what it reads', () => {
    const stack = stackReading((s) => {
      new CfnOutput(s, 'Bus', { value: lookupPlatform(s, 'qa').bus.eventBusName });
    });
    expect(expectReadsOnlyInfraParameters(stack, 'qa')).toStrictEqual(['/sfe/qa/bus/name']);
  });

  it("refuses another service's parameter, naming it (that stack would wait for the other service)", () => {
    const stack = stackReading((s) => {
      new CfnOutput(s, 'Bus', { value: lookupPlatform(s, 'dev').bus.eventBusName });
      new CfnOutput(s, 'Uploads', {
        value: StringParameter.valueForStringParameter(
          s,
          platformParameterNames('dev').videoUploadsBucketName,
        ),
      });
    });
    expect(() => expectReadsOnlyInfraParameters(stack, 'dev')).toThrow(ExpectReadsOnlyInfraParametersError);
    expect(() => expectReadsOnlyInfraParameters(stack, 'dev')).toThrow(
      /reads SSM parameter\(s\) infra does not write: \/sfe\/dev\/video-uploads-bucket\/name\./,
    );
  });

  it("refuses another stage's infra parameter", () => {
    const stack = stackReading((s) => {
      new CfnOutput(s, 'Bus', { value: lookupPlatform(s, 'prod').bus.eventBusName });
    });
    expect(() => expectReadsOnlyInfraParameters(stack, 'dev')).toThrow(/\/sfe\/prod\/bus\/name/);
  });
});

describe('infraParameterNames', () => {
  it("names each of INFRA_PARAMETERS for the stage, and none of a service's", () => {
    expect(infraParameterNames('qa')).toStrictEqual(
      INFRA_PARAMETERS.map((key) => platformParameterNames('qa')[key]),
    );
    expect(infraParameterNames('qa')).not.toContain(platformParameterNames('qa').videoUploadsBucketName);
  });
});

describe('expectPlatformApiCallBack', () => {
  const stackWith = (bind: boolean) => {
    const stack = new Stack(new App(), 'Caller', { env: { account: '111122223333', region: 'eu-west-2' } });
    const fn = new LambdaFunction(stack, 'Fn', {
      runtime: Runtime.NODEJS_20_X,
      handler: 'index.handler',
      code: Code.fromInline('exports.handler = async () => {};'),
    });
    if (bind) bindPlatformApi(fn, 'dev');
    return Template.fromStack(stack);
  };

  it('passes for a function bound with bindPlatformApi', () => {
    expect(() => expectPlatformApiCallBack(stackWith(true), 'dev')).not.toThrow();
  });

  it('fails for a function that is not, and for another stage', () => {
    expect(() => expectPlatformApiCallBack(stackWith(false), 'dev')).toThrow();
    expect(() => expectPlatformApiCallBack(stackWith(true), 'prod')).toThrow();
  });
});

describe('expectEveryAlarmNotifiesOps', () => {
  const metric = new Metric({
    namespace: 'AWS/SQS',
    metricName: 'NumberOfMessagesSent',
    period: Duration.minutes(1),
  });

  it('accepts alarms notifying the ops topic an app stack imports from infra, and returns their names', () => {
    const stack = stackReading((s) => {
      const topic = lookupPlatform(s, 'dev').opsTopic;
      new OpsAlarm(s, 'B', { alarmName: 'sfe-dev-b', alarmDescription: 'b', metric, topic });
      new OpsAlarm(s, 'A', { alarmName: 'sfe-dev-a', alarmDescription: 'a', metric, topic });
    });
    expect(expectEveryAlarmNotifiesOps(stack, 'dev')).toStrictEqual(['sfe-dev-a', 'sfe-dev-b']);
  });

  it("accepts infra's own topic, declared by name, and reads a synthesized template's JSON", () => {
    const stack = stackReading((s) => {
      const topic = new Topic(s, 'Ops', { topicName: opsTopicName('qa') });
      new OpsAlarm(s, 'A', { alarmName: 'sfe-qa-a', alarmDescription: 'a', metric, topic });
    });
    const json = Template.fromStack(stack).toJSON();
    expect(expectEveryAlarmNotifiesOps(Template.fromJSON(json), 'qa')).toStrictEqual(['sfe-qa-a']);
  });

  it('names each alarm that fires or clears without telling the ops topic', () => {
    const stack = stackReading((s) => {
      const other = new Topic(s, 'Other', { topicName: 'someone-else' });
      new OpsAlarm(s, 'Elsewhere', {
        alarmName: 'sfe-dev-elsewhere',
        alarmDescription: 'x',
        metric,
        topic: other,
      });
      const silent = metric.createAlarm(s, 'Silent', {
        alarmName: 'sfe-dev-silent',
        threshold: 1,
        evaluationPeriods: 1,
      });
      silent.addAlarmAction({ bind: () => ({ alarmActionArn: lookupPlatform(s, 'dev').opsTopic.topicArn }) });
    });
    expect(() => expectEveryAlarmNotifiesOps(stack, 'dev')).toThrow(ExpectEveryAlarmNotifiesOpsError);
    expect(() => expectEveryAlarmNotifiesOps(stack, 'dev')).toThrow(
      'alarm(s) that notify nobody when they fire: sfe-dev-elsewhere; ' +
        'alarm(s) that notify nobody when they clear: sfe-dev-elsewhere, sfe-dev-silent.',
    );
  });

  it("refuses another stage's ops topic", () => {
    const stack = stackReading((s) => {
      const topic = lookupPlatform(s, 'prod').opsTopic;
      new OpsAlarm(s, 'A', { alarmName: 'sfe-prod-a', alarmDescription: 'a', metric, topic });
    });
    expect(() => expectEveryAlarmNotifiesOps(stack, 'dev')).toThrow(/fire: sfe-prod-a/);
  });
});
