import { ArnFormat, Stack } from 'aws-cdk-lib';
import type { IRule, IRuleTarget, RuleTargetConfig } from 'aws-cdk-lib/aws-events';
import { CfnResourcePolicy, type ILogGroup } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

/**
 * An EventBridge rule target writing each event to a CloudWatch log group, with the log group resource
 * policy EventBridge needs as a plain `AWS::Logs::ResourcePolicy`. Hand-written because CDK's
 * `targets.CloudWatchLogGroup` creates that policy through a Lambda-backed custom resource (an extra
 * function, role and managed policy to deploy and to justify to cdk-nag) for what CloudFormation now does
 * natively.
 */
export function logGroupTarget(scope: Construct, logGroup: ILogGroup, policyName: string): IRuleTarget {
  return {
    bind(rule: IRule): RuleTargetConfig {
      new CfnResourcePolicy(scope, 'EventsToLogGroupPolicy', {
        policyName,
        policyDocument: Stack.of(scope).toJsonString({
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'EventBridgeWritesCatchAllLog',
              Effect: 'Allow',
              Principal: { Service: ['events.amazonaws.com', 'delivery.logs.amazonaws.com'] },
              Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
              Resource: logGroup.logGroupArn,
              Condition: { ArnEquals: { 'aws:SourceArn': rule.ruleArn } },
            },
          ],
        }),
      });
      return {
        // EventBridge wants the log group ARN without the trailing `:*` that `logGroupArn` carries.
        arn: Stack.of(scope).formatArn({
          service: 'logs',
          resource: 'log-group',
          resourceName: logGroup.logGroupName,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      };
    },
  };
}
