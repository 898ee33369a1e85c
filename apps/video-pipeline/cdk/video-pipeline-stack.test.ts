import { expectNoUnsuppressedFindings, testApp } from '@sfe/cdk-constructs';
import { describeConsumerStackConformance } from '@sfe/cdk-constructs/testing';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { service } from '../src/service';
import { createSubscriptions, SubscriptionId } from '../src/subscription';
import { VideoPipelineStack } from './video-pipeline-stack';

type Statement = { Action: string | string[]; Resource: unknown; Condition?: unknown; Effect: string };
type Resource = { Type: string; Properties: Record<string, unknown> };

let stack: VideoPipelineStack;
let template: Template;

beforeAll(() => {
  // The same feature flags as cdk.json.
  const app = testApp({ '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': true });
  stack = new VideoPipelineStack(app, 'sfe-dev-video-pipeline', { stage: 'dev' });
  template = Template.fromStack(stack);
});

const UPLOADS_BUCKET = { Ref: Match.stringLikeRegexp('^UploadsBucket') };
const bucketArnJoin = (suffix: string) => ({
  'Fn::Join': [
    '',
    [{ 'Fn::GetAtt': [stack.getLogicalId(stack.uploadsBucket.node.defaultChild as never), 'Arn'] }, suffix],
  ],
});

/** Every statement of every policy attached to a role, by the role's logical id. */
function statementsOf(roleLogicalId: string): Statement[] {
  return Object.values(template.findResources('AWS::IAM::Policy') as Record<string, Resource>)
    .filter((policy) => JSON.stringify(policy.Properties.Roles) === JSON.stringify([{ Ref: roleLogicalId }]))
    .flatMap((policy) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
}

function functionRole(id: SubscriptionId): string {
  return stack.getLogicalId(stack.consumers[id].serviceFunction.role.node.defaultChild as never);
}

function actionsOf(statements: Statement[]): string[] {
  return statements.flatMap((statement) => [statement.Action].flat()).sort();
}

// The consumer stack contract (parameters, rules, queues, delivery settings), run once per app.
describeConsumerStackConformance({
  service,
  stage: 'dev',
  template: () => template,
  // The uploads bucket's name is bound into the S3 pattern at deploy; the rules test below checks them.
  rulePatterns: 'bound-at-deploy',
});

describe('VideoPipelineStack', () => {
  it("puts exactly subscription.ts's three patterns on the account's default bus", () => {
    const rules = Object.values(template.findResources('AWS::Events::Rule') as Record<string, Resource>);
    const expected = stack.resolve(createSubscriptions(stack.uploadsBucket.bucketName).map((s) => s.pattern));
    expect(rules.map((rule) => rule.Properties.EventPattern)).toStrictEqual(expected);
    expect(rules.map((rule) => rule.Properties.EventBusName)).toStrictEqual([
      'default',
      'default',
      'default',
    ]);
    expect(rules.map((rule) => rule.Properties.Name)).toStrictEqual([
      'sfe-dev-video-pipeline-video-uploaded',
      'sfe-dev-video-pipeline-transcription-finished',
      'sfe-dev-video-pipeline-transcode-finished',
    ]);
    // The upload rule names this stack's bucket and only uploads/ keys.
    expect((rules[0]?.Properties.EventPattern as { detail?: unknown } | undefined)?.detail).toStrictEqual({
      bucket: { name: [{ Ref: stack.getLogicalId(stack.uploadsBucket.node.defaultChild as never) }] },
      object: {
        key: [{ wildcard: 'uploads/*.mp4' }, { wildcard: 'uploads/*.mov' }, { wildcard: 'uploads/*.mkv' }],
      },
    });
  });

  it('gives each rule an encrypted queue with a DLQ, drained with partial batch failures by its own handler', () => {
    for (const id of Object.values(SubscriptionId)) {
      template.hasResourceProperties('AWS::SQS::Queue', {
        QueueName: `sfe-dev-video-pipeline-${id}`,
        SqsManagedSseEnabled: true,
        RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount: 5 },
      });
      template.hasResourceProperties('AWS::SQS::Queue', {
        QueueName: `sfe-dev-video-pipeline-${id}-dlq`,
        SqsManagedSseEnabled: true,
      });
    }
    template.resourcePropertiesCountIs(
      'AWS::Lambda::EventSourceMapping',
      { FunctionResponseTypes: ['ReportBatchItemFailures'], BatchSize: 10 },
      3,
    );
    const handlers = Object.values(
      template.findResources('AWS::Lambda::Function') as Record<string, Resource>,
    ).map((fn) => [fn.Properties.FunctionName, fn.Properties.Handler]);
    expect(handlers).toStrictEqual([
      ['sfe-dev-video-pipeline-video-uploaded', 'index.videoUploadedHandler'],
      ['sfe-dev-video-pipeline-transcription-finished', 'index.transcriptionFinishedHandler'],
      ['sfe-dev-video-pipeline-transcode-finished', 'index.transcodeFinishedHandler'],
    ]);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          UPLOADS_BUCKET: UPLOADS_BUCKET,
          TRANSCRIBE_LANGUAGE_CODE: 'en-US',
          MEDIACONVERT_ROLE_ARN: { 'Fn::GetAtt': [Match.stringLikeRegexp('^MediaConvertRole'), 'Arn'] },
          TABLE_NAME: Match.anyValue(),
        }),
      },
    });
  });

  it('has an encrypted, private, SSL-only uploads bucket sending its events to EventBridge natively', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } },
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'sfe-dev-video-uploads/' }),
    });
    template.resourceCountIs('Custom::S3BucketNotifications', 0);
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: UPLOADS_BUCKET,
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::SSM::Parameter', {
      Name: '/sfe/dev/video-uploads-bucket/name',
      Value: UPLOADS_BUCKET,
    });
  });

  it('lets only MediaConvert, for this account, assume a role that reads uploads and captions and writes processed/', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'sfe-dev-video-pipeline-mediaconvert',
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { Service: 'mediaconvert.amazonaws.com' },
            Condition: {
              ArnLike: { 'aws:SourceArn': Match.anyValue() },
              StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
            },
          },
        ],
      },
    });
    const role = stack.getLogicalId(stack.mediaConvertRole.node.defaultChild as never);
    expect(statementsOf(role)).toStrictEqual([
      {
        Action: 's3:GetObject',
        Effect: 'Allow',
        Resource: [bucketArnJoin('/processed/*/transcript/*'), bucketArnJoin('/uploads/*')],
      },
      { Action: 's3:PutObject', Effect: 'Allow', Resource: bucketArnJoin('/processed/*') },
    ]);
  });

  it('lets the upload function start Transcribe jobs, read uploads/ and write processed/ (for Transcribe), nothing more', () => {
    const statements = statementsOf(functionRole(SubscriptionId.videoUploaded));
    expect(actionsOf(statements)).toStrictEqual(
      [
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        's3:GetObject',
        's3:PutObject',
        'sqs:ChangeMessageVisibility',
        'sqs:DeleteMessage',
        'sqs:GetQueueAttributes',
        'sqs:GetQueueUrl',
        'sqs:ReceiveMessage',
        'transcribe:StartTranscriptionJob',
        'xray:PutTelemetryRecords',
        'xray:PutTraceSegments',
      ].sort(),
    );
    expect(statements).toContainEqual({
      Action: 's3:GetObject',
      Effect: 'Allow',
      Resource: bucketArnJoin('/uploads/*'),
    });
    expect(statements).toContainEqual({
      Action: 's3:PutObject',
      Effect: 'Allow',
      Resource: bucketArnJoin('/processed/*'),
    });
  });

  it('lets the transcription function create MediaConvert jobs and pass exactly the MediaConvert role', () => {
    const statements = statementsOf(functionRole(SubscriptionId.transcriptionFinished));
    expect(actionsOf(statements).filter((action) => !/^(logs|sqs|xray):/.test(action))).toStrictEqual([
      'dynamodb:GetItem',
      'dynamodb:UpdateItem',
      'iam:PassRole',
      'mediaconvert:CreateJob',
    ]);
    expect(statements).toContainEqual({
      Action: 'iam:PassRole',
      Effect: 'Allow',
      Resource: {
        'Fn::GetAtt': [stack.getLogicalId(stack.mediaConvertRole.node.defaultChild as never), 'Arn'],
      },
      Condition: { StringEquals: { 'iam:PassedToService': 'mediaconvert.amazonaws.com' } },
    });
    // No function can pass any other role, or touch the bucket directly.
    const passRole = Object.values(SubscriptionId).flatMap((id) =>
      statementsOf(functionRole(id)).filter((statement) => actionsOf([statement]).includes('iam:PassRole')),
    );
    expect(passRole).toHaveLength(1);
    expect(actionsOf(statements).some((action) => action.startsWith('s3:'))).toBe(false);
  });

  it('lets the transcode function only read and update VIDEO items', () => {
    const statements = statementsOf(functionRole(SubscriptionId.transcodeFinished));
    expect(actionsOf(statements).filter((action) => !/^(logs|sqs|xray):/.test(action))).toStrictEqual([
      'dynamodb:GetItem',
      'dynamodb:UpdateItem',
    ]);
    for (const id of Object.values(SubscriptionId)) {
      const table = statementsOf(functionRole(id)).filter((statement) =>
        actionsOf([statement])[0]?.startsWith('dynamodb:'),
      );
      expect(
        table.map((statement) => statement.Condition),
        id,
      ).toStrictEqual([{ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['VIDEO#*'] } }]);
    }
  });

  it('passes cdk-nag (AwsSolutions) with every wildcard acknowledged by its exact finding', () => {
    expectNoUnsuppressedFindings(stack);
  });
});
