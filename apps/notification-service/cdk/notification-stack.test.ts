import { deliveryInTemplate, expectNoUnsuppressedFindings, resourceName, testApp } from '@sfe/cdk-constructs';
import { expectReadsOnlyInfraParameters } from '@sfe/cdk-constructs/testing';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { service } from '../src/service';
import { teamNotifications } from '../src/subscription';
import { NotificationStack } from './notification-stack';

let stack: NotificationStack;
let template: Template;

beforeAll(() => {
  stack = new NotificationStack(testApp(), 'sfe-dev-notification-service', {
    stage: 'dev',
    env: { account: '111122223333', region: 'eu-west-2' },
    channels: ['slack', 'telegram'],
    slackChannelId: 'C0123456789',
    telegramChatId: '-1001234567890',
  });
  template = Template.fromStack(stack);
});

type Statement = { Action: string | string[]; Resource: unknown; Effect: string };

function policyStatements(): Statement[] {
  return Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
    (policy) =>
      (policy as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument
        .Statement,
  );
}

describe('NotificationStack', () => {
  it('reads only the SSM parameters infra writes, so it deploys alone to a new stage after infra', () => {
    expectReadsOnlyInfraParameters(template, 'dev');
  });

  it("deploys each subscription with its definition's delivery settings (the local runtime's queues run them)", () => {
    for (const subscription of service.subscriptions) {
      expect(deliveryInTemplate(template, resourceName('dev', service.name, subscription.id))).toStrictEqual(
        subscription.delivery,
      );
    }
  });

  it("routes with exactly subscription.ts's pattern", () => {
    const rules = Object.values(template.findResources('AWS::Events::Rule')) as {
      Properties: { EventPattern: unknown };
    }[];
    expect(rules).toHaveLength(1);
    expect(rules[0]?.Properties.EventPattern).toStrictEqual(teamNotifications.pattern);
  });

  it('delivers to an encrypted queue with a DLQ, drained with partial batch failures at capped concurrency', () => {
    template.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'sfe-dev-notification-service-team-notifications',
      SqsManagedSseEnabled: true,
      VisibilityTimeout: 360,
      RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount: 5 },
    });
    template.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'sfe-dev-notification-service-team-notifications-dlq',
      SqsManagedSseEnabled: true,
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BatchSize: 5,
      ScalingConfig: { MaximumConcurrency: 2 },
    });
  });

  it('configures channels by environment and passes the secret name, never a token', () => {
    const functions = Object.values(template.findResources('AWS::Lambda::Function')) as {
      Properties: { Environment: { Variables: Record<string, unknown> } };
    }[];
    expect(functions).toHaveLength(1);
    const variables = functions[0]?.Properties.Environment.Variables ?? {};
    expect(variables).toMatchObject({
      NOTIFICATION_CHANNELS: 'slack,telegram',
      SLACK_CHANNEL_ID: 'C0123456789',
      TELEGRAM_CHAT_ID: '-1001234567890',
      NOTIFICATION_SECRET_ID: { Ref: expect.stringMatching(/^BotTokens/) },
    });
    expect(JSON.stringify(template.toJSON())).not.toMatch(/xox[abp]-\d|\d{6,}:[\w-]{20,}/);
    expect(Object.keys(variables).filter((name) => /TOKEN/i.test(name))).toStrictEqual([]);
  });

  it('creates the secret without any value in the template and may read only that secret', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'sfe-dev-notification-service-bot-tokens',
      GenerateSecretString: {},
    });
    const secrets = policyStatements().filter((s) => JSON.stringify(s.Action).includes('secretsmanager:'));
    expect(secrets).toStrictEqual([
      {
        Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        Effect: 'Allow',
        Resource: { Ref: expect.stringMatching(/^BotTokens/) },
      },
    ]);
  });

  it('refuses a configured channel without its id', () => {
    expect(
      () =>
        new NotificationStack(testApp(), 'x', {
          stage: 'dev',
          channels: ['telegram'],
          slackChannelId: 'C0123456789',
        }),
    ).toThrow('telegramChatId is required when telegram is a channel');
  });

  it('passes cdk-nag AwsSolutions with nothing unacknowledged', () => {
    expectNoUnsuppressedFindings(stack);
  });
});
