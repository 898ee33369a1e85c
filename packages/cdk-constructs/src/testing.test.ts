import { App, CfnOutput, SecretValue, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import { describe, expect, it } from 'vitest';
import { lookupPlatform } from './lookup-platform';
import { bindPlatformApi } from './platform-api';
import { INFRA_PARAMETERS, infraParameterNames, platformParameterNames } from './platform-parameters';
import {
  ExpectReadsOnlyInfraParametersError,
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
