import { expectNoUnsuppressedFindings, testApp } from '@sfe/cdk-constructs';
import { describeConsumerStackConformance } from '@sfe/cdk-constructs/testing';
import { Match, Template } from 'aws-cdk-lib/assertions';
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
      Properties: { Handler: string; Environment: { Variables: Record<string, unknown> } };
    }[];
    expect(functions.map((fn) => fn.Properties.Handler)).toStrictEqual([
      'index.handler',
      'index.opsAlarmsHandler',
    ]);
    for (const fn of functions) {
      const variables = fn.Properties.Environment.Variables;
      expect(variables).toMatchObject({
        NOTIFICATION_CHANNELS: 'slack,telegram',
        SLACK_CHANNEL_ID: 'C0123456789',
        TELEGRAM_CHAT_ID: '-1001234567890',
        NOTIFICATION_SECRET_ID: { Ref: expect.stringMatching(/^BotTokens/) },
      });
      expect(Object.keys(variables).filter((name) => /TOKEN/i.test(name))).toStrictEqual([]);
      expect(Object.keys(variables).filter((name) => name.startsWith('OPS_'))).toStrictEqual([]);
    }
    expect(JSON.stringify(template.toJSON())).not.toMatch(/xox[abp]-\d|\d{6,}:[\w-]{20,}/);
  });

  it("takes our alarms' state changes from the default bus, apart from team news on the platform bus", () => {
    const rules = Object.values(template.findResources('AWS::Events::Rule')).map((rule) => [
      rule.Properties.Name,
      rule.Properties.EventBusName,
    ]);
    expect(rules).toStrictEqual([
      [
        'sfe-dev-notification-service-team-notifications',
        { Ref: expect.stringMatching(/^SsmParameterValuesfedevbusname/) },
      ],
      ['sfe-dev-notification-service-ops-alarms', 'default'],
    ]);
  });

  it('sends alarms to their own chats when the stack is told to', () => {
    const ops = new NotificationStack(testApp(), 'sfe-dev-notification-service', {
      stage: 'dev',
      channels: ['slack'],
      slackChannelId: 'C0123456789',
      opsChannels: ['telegram'],
      opsTelegramChatId: '-1009999999999',
    });
    Template.fromStack(ops).hasResourceProperties('AWS::Lambda::Function', {
      Handler: 'index.opsAlarmsHandler',
      Environment: {
        Variables: Match.objectLike({
          OPS_NOTIFICATION_CHANNELS: 'telegram',
          OPS_TELEGRAM_CHAT_ID: '-1009999999999',
        }),
      },
    });
    expect(
      () =>
        new NotificationStack(testApp(), 'y', {
          stage: 'dev',
          channels: ['slack'],
          slackChannelId: 'C0123456789',
          opsChannels: ['telegram'],
        }),
    ).toThrow('opsTelegramChatId (or telegramChatId) is required when telegram is an ops channel');
  });

  it('creates the secret without any value in the template and may read only that secret', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'sfe-dev-notification-service-bot-tokens',
      GenerateSecretString: {},
    });
    const secrets = policyStatements().filter((s) => JSON.stringify(s.Action).includes('secretsmanager:'));
    // Each function (team news, alarms) may read that one secret, and nothing else of Secrets Manager.
    const readSecret = {
      Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
      Effect: 'Allow',
      Resource: { Ref: expect.stringMatching(/^BotTokens/) },
    };
    expect(secrets).toStrictEqual([readSecret, readSecret]);
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
