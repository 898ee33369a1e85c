import { expectNoUnsuppressedFindings, testApp } from '@sfe/cdk-constructs';
import { describeConsumerStackConformance } from '@sfe/cdk-constructs/testing';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { service } from '../src/service';
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

// The consumer stack contract (parameters, rules, queues, delivery settings), run once per app.
describeConsumerStackConformance({ service, stage: 'dev', template: () => template });

describe('NotificationStack', () => {
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
        Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
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
