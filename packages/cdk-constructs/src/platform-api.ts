import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import { platformParameterNames } from './platform-parameters';

/**
 * Lets a consumer call back the platform API (`apps/platform-api`, a function URL with IAM auth): reads its
 * URL and function ARN from SSM (published by the platform-api stack), sets `PLATFORM_API_URL`, and grants
 * `lambda:InvokeFunctionUrl` on that one function, for IAM-authenticated URLs only.
 *
 * @example bindPlatformApi(consumer.function, stage);
 */
export function bindPlatformApi(fn: LambdaFunction, stage: string): void {
  const names = platformParameterNames(stage);
  const read = (name: string) => StringParameter.valueForStringParameter(fn, name);
  fn.addEnvironment('PLATFORM_API_URL', read(names.platformApiUrl));
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: ['lambda:InvokeFunctionUrl'],
      resources: [read(names.platformApiFunctionArn)],
      conditions: { StringEquals: { 'lambda:FunctionUrlAuthType': 'AWS_IAM' } },
    }),
  );
}
