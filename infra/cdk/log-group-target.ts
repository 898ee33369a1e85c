import { ArnFormat, Stack } from 'aws-cdk-lib';
import type { IRule, IRuleTarget, RuleTargetConfig, RuleTargetInput } from 'aws-cdk-lib/aws-events';
import { CfnResourcePolicy, type ILogGroup } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

/**
 * Lets EventBridge write to a CloudWatch log group, for the rules whose ARN matches `ruleArnPattern` only
 * (`ArnLike`), as a plain `AWS::Logs::ResourcePolicy`. Hand-written because CDK's `targets.CloudWatchLogGroup`
 * creates that policy through a Lambda-backed custom resource (an extra function, role and managed policy to
 * deploy and to justify to cdk-nag) for what CloudFormation now does natively; and one policy serves every
 * debug rule (CloudWatch Logs allows 10 resource policies per account and region).
 */
export function allowRulesToWrite(
  scope: Construct,
  logGroup: ILogGroup,
  policyName: string,
  ruleArnPattern: string,
): CfnResourcePolicy {
  return new CfnResourcePolicy(scope, 'EventsToLogGroupPolicy', {
    policyName,
    policyDocument: Stack.of(scope).toJsonString({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'EventBridgeWritesDebugLog',
          Effect: 'Allow',
          Principal: { Service: ['events.amazonaws.com', 'delivery.logs.amazonaws.com'] },
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: logGroup.logGroupArn,
          Condition: { ArnLike: { 'aws:SourceArn': ruleArnPattern } },
        },
      ],
    }),
  });
}

/**
 * An EventBridge rule target writing each event to a CloudWatch log group (see {@link allowRulesToWrite} for
 * the permission), as `input` makes it (CDK's `LogGroupTargetInput`).
 */
export function logGroupTarget(logGroup: ILogGroup, input: RuleTargetInput): IRuleTarget {
  return {
    bind(_rule: IRule): RuleTargetConfig {
      return {
        // EventBridge wants the log group ARN without the trailing `:*` that `logGroupArn` carries.
        arn: Stack.of(logGroup).formatArn({
          service: 'logs',
          resource: 'log-group',
          resourceName: logGroup.logGroupName,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
        input,
      };
    },
  };
}
