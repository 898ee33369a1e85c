import { ArnFormat, Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { resourceName } from './stage';

/**
 * The platform API's function (`apps/platform-api`): its service and function names, so its stack names it
 * and consumers find it from the stage alone, deploying before or after it (no SSM parameter, no export).
 */
export const PLATFORM_API = { serviceName: 'platform-api', functionName: 'read' } as const;

/** The platform API function's name in a stage: `sfe-<stage>-platform-api-read`. */
export function platformApiFunctionName(stage: string): string {
  return resourceName(stage, PLATFORM_API.serviceName, PLATFORM_API.functionName);
}

/**
 * Lets a consumer call back the platform API (a function URL with IAM auth): sets `PLATFORM_API_FUNCTION_NAME`
 * (the client looks its URL up once, with `lambda:GetFunctionUrlConfig`) and grants that lookup and
 * `lambda:InvokeFunctionUrl`, for IAM-authenticated URLs only, on that one function. The stack reads nothing
 * of the platform API's stack, so it deploys alone, in any order, after infra; until the API is deployed a
 * call-back fails, and the record with it (SQS retries it).
 *
 * @example bindPlatformApi(consumer.function, stage);
 */
export function bindPlatformApi(fn: LambdaFunction, stage: string): void {
  const functionName = platformApiFunctionName(stage);
  const functionArn = Stack.of(fn).formatArn({
    service: 'lambda',
    resource: 'function',
    resourceName: functionName,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
  fn.addEnvironment('PLATFORM_API_FUNCTION_NAME', functionName);
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: ['lambda:InvokeFunctionUrl'],
      resources: [functionArn],
      conditions: { StringEquals: { 'lambda:FunctionUrlAuthType': 'AWS_IAM' } },
    }),
  );
  fn.addToRolePolicy(
    new PolicyStatement({ actions: ['lambda:GetFunctionUrlConfig'], resources: [functionArn] }),
  );
}
