import { expectNoUnsuppressedFindings, testApp } from '@sfe/cdk-constructs';
import { describeConsumerStackConformance, expectPlatformApiCallBack } from '@sfe/cdk-constructs/testing';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { service } from '../src/service';
import { createSesFeedbackSubscription, learnerEmails } from '../src/subscription';
import { EmailStack } from './email-stack';

let stack: EmailStack;
let template: Template;

beforeAll(() => {
  const app = testApp();
  stack = new EmailStack(app, 'sfe-dev-email-service', {
    stage: 'dev',
    env: { account: '111122223333', region: 'eu-west-2' },
    fromAddress: 'no-reply@mail.sfe.example',
    appUrl: 'https://learn.sfe.example',
  });
  template = Template.fromStack(stack);
});

type Statement = { Action: string | string[]; Resource: unknown; Condition?: unknown; Effect: string };

function policyStatements(): Statement[] {
  return Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
    (policy) =>
      (policy as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument
        .Statement,
  );
}

// The consumer stack contract (parameters, alarms, queues, delivery settings), run once per app. The feedback
// rule names the stack's configuration set (bound at deploy): its pattern is checked below.
describeConsumerStackConformance({
  service,
  stage: 'dev',
  template: () => template,
  rulePatterns: 'bound-at-deploy',
});

/** The configuration set's logical id, which the function's variable and the feedback rule reference. */
function configurationSetId(): string {
  const [id] = Object.keys(template.findResources('AWS::SES::ConfigurationSet'));
  if (!id) throw new Error('no configuration set in the template');
  return id;
}

describe('EmailStack', () => {
  it("routes learner emails with exactly subscription.ts's pattern, on the platform bus", () => {
    const rules = Object.values(template.findResources('AWS::Events::Rule')) as {
      Properties: { EventPattern: unknown; Name: string; EventBusName?: unknown };
    }[];
    expect(rules.map((rule) => rule.Properties.Name).sort()).toStrictEqual([
      'sfe-dev-email-service-learner-emails',
      'sfe-dev-email-service-ses-feedback',
    ]);
    const learner = rules.find((rule) => rule.Properties.Name === 'sfe-dev-email-service-learner-emails');
    expect(learner?.Properties.EventPattern).toStrictEqual(learnerEmails.pattern);
  });

  it("owns an SES configuration set whose bounces and complaints go to the account's default bus", () => {
    template.resourceCountIs('AWS::SES::ConfigurationSet', 1);
    template.hasResourceProperties('AWS::SES::ConfigurationSet', { Name: 'sfe-dev-email-service' });
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      ConfigurationSetName: { Ref: configurationSetId() },
      EventDestination: {
        Enabled: true,
        MatchingEventTypes: ['bounce', 'complaint'],
        EventBridgeDestination: {
          EventBusArn: 'arn:aws:events:eu-west-2:111122223333:event-bus/default',
        },
      },
    });
  });

  it("takes SES's bounces and complaints of its own configuration set, on the default bus", () => {
    const rules = Object.values(template.findResources('AWS::Events::Rule')) as {
      Properties: { EventPattern: unknown; Name: string; EventBusName?: unknown };
    }[];
    const feedback = rules.find((rule) => rule.Properties.Name === 'sfe-dev-email-service-ses-feedback');
    // The pattern of subscription.ts, naming the set this stack creates (by reference: one source).
    expect(JSON.stringify(feedback?.Properties.EventPattern)).toBe(
      JSON.stringify(createSesFeedbackSubscription('CONFIGURATION_SET').pattern).replace(
        '"CONFIGURATION_SET"',
        JSON.stringify({ Ref: configurationSetId() }),
      ),
    );
    expect(feedback?.Properties.EventBusName).toBe('default');
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'sfe-dev-email-service-ses-feedback',
      Handler: 'index.sesFeedbackHandler',
    });
  });

  it('owns the suppression table: encrypted, point-in-time recovery, kept on delete', () => {
    template.hasResource('AWS::DynamoDB::GlobalTable', {
      Properties: Match.objectLike({
        TableName: 'sfe-dev-email-service-suppressions',
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
      }),
      DeletionPolicy: 'Retain',
    });
  });

  it('lets the sender only read the suppression list, and the feedback function only add to it', () => {
    const table = policyStatements().filter((s) => /SuppressionTable/.test(JSON.stringify(s.Resource)));
    expect(table.map((s) => s.Action).sort()).toStrictEqual(['dynamodb:GetItem', 'dynamodb:PutItem']);
    // Per function (its role's policy), what it may do on the suppression table.
    const onTable = Object.values(template.findResources('AWS::IAM::Policy')).map((policy) => {
      const { Roles, PolicyDocument } = (
        policy as { Properties: { Roles: unknown; PolicyDocument: { Statement: Statement[] } } }
      ).Properties;
      const role = JSON.stringify(Roles).includes('sesfeedback') ? 'ses-feedback' : 'learner-emails';
      const actions = PolicyDocument.Statement.filter((s) =>
        /SuppressionTable/.test(JSON.stringify(s.Resource)),
      ).flatMap((s) => s.Action);
      return [role, actions] as const;
    });
    const byRole = (role: string) => onTable.filter(([r]) => r === role).flatMap(([, actions]) => actions);
    expect({
      'learner-emails': byRole('learner-emails'),
      'ses-feedback': byRole('ses-feedback'),
    }).toStrictEqual({
      'learner-emails': ['dynamodb:GetItem'],
      'ses-feedback': ['dynamodb:PutItem'],
    });
  });

  it('configures the function through env.ts variables, with no secrets', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'sfe-dev-email-service-learner-emails',
      Environment: {
        Variables: Match.objectLike({
          EMAIL_FROM_ADDRESS: 'no-reply@mail.sfe.example',
          APP_URL: 'https://learn.sfe.example',
          // From the configuration set and table the stack creates, by reference.
          SES_CONFIGURATION_SET: { Ref: configurationSetId() },
          SUPPRESSION_TABLE_NAME: { Ref: Match.stringLikeRegexp('^SuppressionTable') },
          IDEMPOTENCY_TABLE_NAME: Match.anyValue(),
        }),
      },
    });
  });

  it('may send raw email only through its verified identity and configuration set, from its own address', () => {
    const ses = policyStatements().filter((s) => JSON.stringify(s.Action).includes('ses:'));
    expect(ses).toStrictEqual([
      {
        Action: 'ses:SendRawEmail',
        Effect: 'Allow',
        Resource: [
          'arn:aws:ses:eu-west-2:111122223333:identity/mail.sfe.example',
          {
            'Fn::Join': [
              '',
              ['arn:aws:ses:eu-west-2:111122223333:configuration-set/', { Ref: configurationSetId() }],
            ],
          },
        ],
        Condition: { StringEquals: { 'ses:FromAddress': 'no-reply@mail.sfe.example' } },
      },
    ]);
  });

  it('touches no bucket: certificate emails link to the address the event carries', () => {
    expect(JSON.stringify(policyStatements())).not.toContain('s3:');
    expect(JSON.stringify(template.toJSON())).not.toMatch(/certificates?-?bucket/i);
  });

  it('may look up and call back the platform API (IAM-authenticated function URL) by its name, nothing else of it', () => {
    expectPlatformApiCallBack(template, 'dev');
  });

  it('passes cdk-nag AwsSolutions with nothing unacknowledged', () => {
    expectNoUnsuppressedFindings(stack);
  });
});
