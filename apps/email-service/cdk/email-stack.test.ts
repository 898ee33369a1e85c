import { expectNoUnsuppressedFindings, testApp } from '@sfe/cdk-constructs';
import { describeConsumerStackConformance, expectPlatformApiCallBack } from '@sfe/cdk-constructs/testing';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { service } from '../src/service';
import { learnerEmails } from '../src/subscription';
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
    configurationSetName: 'sfe-transactional',
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

// The consumer stack contract (parameters, rules, queues, delivery settings), run once per app.
describeConsumerStackConformance({ service, stage: 'dev', template: () => template });

describe('EmailStack', () => {
  it("routes with exactly subscription.ts's pattern, on the platform bus", () => {
    const rules = Object.values(template.findResources('AWS::Events::Rule')) as {
      Properties: { EventPattern: unknown; Name: string; EventBusName: unknown };
    }[];
    expect(rules).toHaveLength(1);
    expect(rules[0]?.Properties.EventPattern).toStrictEqual(learnerEmails.pattern);
    expect(rules[0]?.Properties.Name).toBe('sfe-dev-email-service-learner-emails');
  });

  it('configures the function through env.ts variables, with no secrets', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'sfe-dev-email-service-learner-emails',
      Environment: {
        Variables: Match.objectLike({
          EMAIL_FROM_ADDRESS: 'no-reply@mail.sfe.example',
          APP_URL: 'https://learn.sfe.example',
          SES_CONFIGURATION_SET: 'sfe-transactional',
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
          'arn:aws:ses:eu-west-2:111122223333:configuration-set/sfe-transactional',
          'arn:aws:ses:eu-west-2:111122223333:identity/mail.sfe.example',
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
