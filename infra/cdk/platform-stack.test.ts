import { readFileSync } from 'node:fs';
import {
  expectNoUnsuppressedFindings,
  infraParameterNames,
  platformParameterNames,
  testApp,
} from '@sfe/cdk-constructs';
import type { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { PlatformStack } from './platform-stack';

// The same feature flags `cdk synth` uses, so tests check the template that would be deployed.
const cdkJson = JSON.parse(readFileSync(new URL('../cdk.json', import.meta.url), 'utf8')) as {
  context: Record<string, unknown>;
};

function synth(stage: string): { stack: PlatformStack; template: Template } {
  const stack = new PlatformStack(testApp(cdkJson.context), `sfe-${stage}-platform`, { stage });
  return { stack, template: Template.fromStack(stack) };
}

function ref(stack: Stack, construct: { node: { defaultChild?: unknown } }): string {
  return stack.getLogicalId(construct.node.defaultChild as Parameters<Stack['getLogicalId']>[0]);
}

const dev = synth('dev');
const prod = synth('prod');

describe('PlatformStack bus', () => {
  it('creates sfe-<stage>-bus that only this account may put events on', () => {
    const { stack, template } = dev;
    template.hasResourceProperties('AWS::Events::EventBus', { Name: 'sfe-dev-bus' });
    const policies = template.findResources('AWS::Events::EventBusPolicy');
    expect(Object.values(policies).map((policy) => policy.Properties)).toStrictEqual([
      {
        EventBusName: { Ref: ref(stack, stack.bus) },
        StatementId: 'cdk-OnlyThisAccountPutsEvents',
        Statement: {
          Sid: 'cdk-OnlyThisAccountPutsEvents',
          Effect: 'Allow',
          Action: 'events:PutEvents',
          Principal: {
            AWS: {
              'Fn::Join': [
                '',
                ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':root'],
              ],
            },
          },
          Resource: { 'Fn::GetAtt': [ref(stack, stack.bus), 'Arn'] },
        },
      },
    ]);
  });

  it('archives every sfe event for replay, longer in prod', () => {
    dev.template.hasResourceProperties('AWS::Events::Archive', {
      ArchiveName: 'sfe-dev-bus-archive',
      SourceArn: { 'Fn::GetAtt': [ref(dev.stack, dev.stack.bus), 'Arn'] },
      EventPattern: { source: [{ prefix: 'sfe-' }] },
      RetentionDays: 14,
    });
    prod.template.hasResourceProperties('AWS::Events::Archive', { RetentionDays: 90 });
  });

  it('has a debug log outside production only (its rules: debug-log.test.ts)', () => {
    expect(dev.stack.debugLog?.rules.length).toBeGreaterThan(0);
    expect(prod.stack.debugLog).toBeUndefined();
  });
});

describe('PlatformStack tables', () => {
  it('creates the platform table: pk/sk, NEW_AND_OLD_IMAGES stream, PITR, ttl, on-demand', () => {
    dev.template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      TableName: 'sfe-dev-platform',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
      Replicas: [
        Match.objectLike({
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          DeletionProtectionEnabled: false,
        }),
      ],
    });
  });

  it('creates the idempotency table with the key and TTL Powertools expects', () => {
    dev.template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      TableName: 'sfe-dev-idempotency',
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      TimeToLiveSpecification: { AttributeName: 'expiration', Enabled: true },
      BillingMode: 'PAY_PER_REQUEST',
    });
  });

  it('deletes tables with a dev stack but protects and retains them in prod', () => {
    const devTables = Object.values(dev.template.findResources('AWS::DynamoDB::GlobalTable'));
    expect(devTables.map((table) => table.DeletionPolicy)).toStrictEqual(['Delete', 'Delete']);
    const prodTables = Object.values(prod.template.findResources('AWS::DynamoDB::GlobalTable'));
    expect(prodTables.map((table) => table.DeletionPolicy)).toStrictEqual(['Retain', 'Retain']);
    expect(prodTables.map((table) => table.Properties.Replicas[0].DeletionProtectionEnabled)).toStrictEqual([
      true,
      true,
    ]);
  });

  it('turns on termination protection for the prod stack only', () => {
    expect(prod.stack.terminationProtection).toBe(true);
    expect(dev.stack.terminationProtection).toBe(false);
  });
});

describe('PlatformStack claim-check bucket', () => {
  it('is encrypted, private, logged and expires payloads with the archive', () => {
    const { stack, template } = dev;
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: {
        'Fn::Join': ['', ['sfe-dev-claim-check-', { Ref: 'AWS::AccountId' }, '-', { Ref: 'AWS::Region' }]],
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LoggingConfiguration: {
        DestinationBucketName: { Ref: ref(stack, stack.accessLogsBucket) },
        LogFilePrefix: 'claim-check/',
      },
      LifecycleConfiguration: {
        Rules: [
          {
            Id: 'expire-with-archive',
            Status: 'Enabled',
            ExpirationInDays: 14,
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 14 },
          },
        ],
      },
    });
  });

  it('denies every request made without TLS', () => {
    const { stack, template } = dev;
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: ref(stack, stack.claimCheckBucket) },
      PolicyDocument: {
        Statement: [
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Principal: { AWS: '*' },
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ],
      },
    });
  });
});

describe('PlatformStack ops topic', () => {
  it('is sfe-<stage>-ops, encrypted with its own rotated key, TLS only', () => {
    const { stack, template } = dev;
    template.hasResourceProperties('AWS::SNS::Topic', {
      TopicName: 'sfe-dev-ops',
      KmsMasterKeyId: { 'Fn::GetAtt': [ref(stack, stack.opsTopicKey), 'Arn'] },
    });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 'sns:Publish',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it("lets CloudWatch alarms of this account publish, through the topic's key", () => {
    const { stack, template } = dev;
    const [policy] = Object.values(template.findResources('AWS::SNS::TopicPolicy'));
    const statements = policy?.Properties.PolicyDocument.Statement as Record<string, unknown>[];
    expect(
      statements.find((statement) => statement.Sid === 'CloudWatchAlarmsOfThisAccountPublish'),
    ).toStrictEqual({
      Sid: 'CloudWatchAlarmsOfThisAccountPublish',
      Effect: 'Allow',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: 'sns:Publish',
      Resource: { Ref: ref(stack, stack.opsTopic) },
      Condition: {
        StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
        ArnLike: {
          'aws:SourceArn': {
            'Fn::Join': [
              '',
              [
                'arn:',
                { Ref: 'AWS::Partition' },
                ':cloudwatch:',
                { Ref: 'AWS::Region' },
                ':',
                { Ref: 'AWS::AccountId' },
                ':alarm:*',
              ],
            ],
          },
        },
      },
    });
    const [key] = Object.values(template.findResources('AWS::KMS::Key'));
    const keyStatements = key?.Properties.KeyPolicy.Statement as Record<string, unknown>[];
    expect(
      keyStatements.filter((statement) => JSON.stringify(statement.Principal).includes('cloudwatch')),
    ).toStrictEqual([
      {
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        Resource: '*',
      },
    ]);
  });

  it('subscribes an ops address by email only when one is given', () => {
    expect(dev.template.findResources('AWS::SNS::Subscription')).toStrictEqual({});
    const stack = new PlatformStack(testApp(cdkJson.context), 'sfe-qa-platform', {
      stage: 'qa',
      opsEmail: 'ops@example.com',
    });
    Template.fromStack(stack).hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
      TopicArn: { Ref: ref(stack, stack.opsTopic) },
    });
  });
});

describe('PlatformStack parameters', () => {
  it('publishes every shared resource under /sfe/<stage>/ with the value apps need', () => {
    const { stack, template } = dev;
    const published = Object.fromEntries(
      Object.values(template.findResources('AWS::SSM::Parameter')).map((parameter) => [
        parameter.Properties.Name,
        parameter.Properties.Value,
      ]),
    );
    const names = platformParameterNames('dev');
    const table = ref(stack, stack.table);
    const idempotency = ref(stack, stack.idempotencyTable);
    expect(published).toStrictEqual({
      [names.busName]: { Ref: ref(stack, stack.bus) },
      [names.busArn]: { 'Fn::GetAtt': [ref(stack, stack.bus), 'Arn'] },
      [names.tableName]: { Ref: table },
      [names.tableArn]: { 'Fn::GetAtt': [table, 'Arn'] },
      [names.tableStreamArn]: { 'Fn::GetAtt': [table, 'StreamArn'] },
      [names.idempotencyTableName]: { Ref: idempotency },
      [names.idempotencyTableArn]: { 'Fn::GetAtt': [idempotency, 'Arn'] },
      [names.claimCheckBucketName]: { Ref: ref(stack, stack.claimCheckBucket) },
      [names.opsTopicArn]: { Ref: ref(stack, stack.opsTopic) },
    });
    // The list app stacks are held to (expectReadsOnlyInfraParameters): what infra writes, no more, no less.
    expect(Object.keys(published)).toStrictEqual(infraParameterNames('dev'));
  });

  it('exports nothing, so app stacks never depend on this stack', () => {
    expect(dev.template.toJSON().Outputs).toBeUndefined();
  });
});

describe('PlatformStack naming', () => {
  it('puts the stage in every physical name', () => {
    const json = prod.template.toJSON() as {
      Resources: Record<string, { Properties?: Record<string, unknown> }>;
    };
    const nameKeys = ['Name', 'TableName', 'BucketName', 'ArchiveName', 'LogGroupName', 'PolicyName'];
    const names = Object.values(json.Resources).flatMap((resource) =>
      nameKeys.map((key) => resource.Properties?.[key]).filter((value) => value !== undefined),
    );
    expect(names.length).toBeGreaterThan(10);
    for (const name of names) expect(JSON.stringify(name)).toMatch(/sfe-prod-|\/sfe\/prod\//);
  });
});

describe('PlatformStack cdk-nag', () => {
  it('has no unacknowledged AwsSolutions findings in dev or prod', () => {
    expectNoUnsuppressedFindings(dev.stack);
    expectNoUnsuppressedFindings(prod.stack);
  });
});
