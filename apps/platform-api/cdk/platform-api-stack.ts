import { fileURLToPath } from 'node:url';
import {
  bindTable,
  lookupPlatform,
  PLATFORM_API,
  platformParameterNames,
  ServiceFunction,
} from '@sfe/cdk-constructs';
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { type FunctionUrl, FunctionUrlAuthType } from 'aws-cdk-lib/aws-lambda';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';
import { service } from '../src/service';

export interface PlatformApiStackProps extends StackProps {
  readonly stage: string;
}

/**
 * The read API consumers call back (light events): a function URL with IAM auth in front of a function that
 * may only GetItem on the platform table. Consumers find it by its function's name (`PLATFORM_API`, the one
 * source of that name, and `bindPlatformApi`), so no consumer stack reads anything of this one; its URL and
 * function ARN are published in SSM for people and tools.
 */
export class PlatformApiStack extends Stack {
  readonly function: ServiceFunction;
  readonly url: FunctionUrl;

  constructor(scope: Construct, id: string, props: PlatformApiStackProps) {
    super(scope, id, props);
    const { stage } = props;
    const platform = lookupPlatform(this, stage);
    this.function = new ServiceFunction(this, 'Function', {
      stage,
      serviceName: PLATFORM_API.serviceName,
      functionName: PLATFORM_API.functionName,
      entry: fileURLToPath(new URL('../src/handler.ts', import.meta.url)),
      description: 'Answers the current state of a user, an enrolment or a payment (platform table reads)',
      // A call-back is on a consumer's critical path: one GetItem, well inside a few seconds.
      timeout: Duration.seconds(5),
      memorySize: 512,
      alarmTopic: platform.opsTopic,
    });
    const fn = this.function.function;
    bindTable(fn, platform.table, {
      access: 'read',
      envVar: service.variable('PLATFORM_TABLE_NAME'),
      // Every resource it serves lives in a user's partition.
      leadingKeys: ['USER#*'],
    });
    this.url = fn.addFunctionUrl({ authType: FunctionUrlAuthType.AWS_IAM });

    const names = platformParameterNames(stage);
    new StringParameter(this, 'UrlParameter', {
      parameterName: names.platformApiUrl,
      stringValue: this.url.url,
      description: 'The platform API function URL (IAM auth)',
    });
    new StringParameter(this, 'FunctionArnParameter', {
      parameterName: names.platformApiFunctionArn,
      stringValue: fn.functionArn,
      description: 'The platform API function, for lambda:InvokeFunctionUrl grants',
    });
    new CfnOutput(this, 'Url', { value: this.url.url });
  }
}
