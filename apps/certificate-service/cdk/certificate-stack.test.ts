import { expectNoUnsuppressedFindings, testApp } from '@sfe/cdk-constructs';
import { describeConsumerStackConformance } from '@sfe/cdk-constructs/testing';
import type { CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { service } from '../src/service';
import { CertificateStack } from './certificate-stack';

let stack: CertificateStack;
let template: Template;

beforeAll(() => {
  // The same feature flags as cdk.json.
  const app = testApp({ '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': true });
  stack = new CertificateStack(app, 'sfe-dev-certificate-service', {
    stage: 'dev',
    verificationBaseUrl: 'https://learn.example.com/certificates',
  });
  template = Template.fromStack(stack);
});

type PolicyResource = {
  Properties: { PolicyDocument: { Statement: Record<string, unknown>[] }; Roles: { Ref: string }[] };
};

const logicalId = (construct: IConstruct) => stack.getLogicalId(construct.node.defaultChild as CfnElement);

/** The statements of the policies attached to one function's role. */
function policyStatements(fn: IFunction): Record<string, unknown>[] {
  const role = fn.role ? logicalId(fn.role) : undefined;
  return Object.values(template.findResources('AWS::IAM::Policy') as Record<string, PolicyResource>)
    .filter((policy) => policy.Properties.Roles.some((r) => r.Ref === role))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement);
}

function consumerFunction(): IFunction {
  const [consumer] = stack.consumers;
  if (!consumer) throw new Error('the stack has no consumer');
  return consumer.function;
}

// The consumer stack contract (parameters, rules, queues, delivery settings), run once per app.
describeConsumerStackConformance({ service, stage: 'dev', template: () => template });

describe('CertificateStack', () => {
  it('owns an encrypted, private, SSL-only certificates bucket, and publishes nothing in SSM', () => {
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
      VersioningConfiguration: { Status: 'Enabled' },
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'sfe-dev-certificates/' }),
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
    // No other service reads the bucket: learners reach certificates through the download address.
    template.resourceCountIs('AWS::SSM::Parameter', 0);
  });

  it('lets the consumer write only certificates/* in its bucket and only Get/Put USER# items', () => {
    const statements = policyStatements(consumerFunction());
    const s3 = statements.filter((s) => JSON.stringify(s.Action).includes('s3:'));
    expect(s3).toStrictEqual([
      {
        Action: ['s3:AbortMultipartUpload', 's3:PutObject'],
        Effect: 'Allow',
        Resource: {
          'Fn::Join': [
            '',
            [{ 'Fn::GetAtt': [expect.stringMatching(/^CertificatesBucket/), 'Arn'] }, '/certificates/*'],
          ],
        },
      },
    ]);
    const dynamodb = statements.filter((s) => JSON.stringify(s.Action).includes('dynamodb:'));
    const platformTable = dynamodb.filter((s) => /platformtable/i.test(JSON.stringify(s.Resource)));
    const idempotency = dynamodb.filter((s) => /idempotencytable/i.test(JSON.stringify(s.Resource)));
    expect(platformTable.length + idempotency.length).toBe(dynamodb.length);
    expect(idempotency.map((s) => s.Action)).toStrictEqual([
      ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
    ]);
    expect(platformTable).toStrictEqual([
      {
        Action: ['dynamodb:GetItem', 'dynamodb:PutItem'],
        Effect: 'Allow',
        Resource: expect.anything(),
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['USER#*'] } },
      },
    ]);
  });

  it('serves the download address as a public function URL of the download function only', () => {
    template.resourceCountIs('AWS::Lambda::Url', 1);
    template.hasResourceProperties('AWS::Lambda::Url', {
      AuthType: 'NONE',
      InvokeMode: 'BUFFERED',
      TargetFunctionArn: { 'Fn::GetAtt': [logicalId(stack.download.function), 'Arn'] },
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunctionUrl',
      FunctionUrlAuthType: 'NONE',
      Principal: '*',
      FunctionName: { 'Fn::GetAtt': [logicalId(stack.download.function), 'Arn'] },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'sfe-dev-certificate-service-download',
      Environment: {
        Variables: Match.objectLike({
          CERTIFICATES_BUCKET_NAME: { Ref: Match.stringLikeRegexp('CertificatesBucket') },
        }),
      },
    });
  });

  it('lets the download function read certificates/* (to sign links) and see which keys exist, nothing more', () => {
    const bucketArn = { 'Fn::GetAtt': [expect.stringMatching(/^CertificatesBucket/), 'Arn'] };
    const statements = policyStatements(stack.download.function);
    expect(statements.filter((s) => JSON.stringify(s.Action).includes('s3:'))).toStrictEqual([
      {
        Action: 's3:GetObject',
        Effect: 'Allow',
        Resource: { 'Fn::Join': ['', [bucketArn, '/certificates/*']] },
      },
      { Action: 's3:ListBucket', Effect: 'Allow', Resource: bucketArn },
    ]);
    expect(JSON.stringify(statements)).not.toContain('dynamodb:');
  });

  it('gives the consumer its configuration and the fonts layer', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'sfe-dev-certificate-service-course-completed',
      MemorySize: 1024,
      Layers: [{ Ref: Match.stringLikeRegexp('CertificateAssets') }],
      Environment: {
        Variables: Match.objectLike({
          CERTIFICATE_VERIFICATION_BASE_URL: 'https://learn.example.com/certificates',
          CERTIFICATE_FONT_DIRECTORY: '/opt/certificate-fonts',
          // The download address each CERTIFICATE item (and so CertificateGenerated) carries: its own URL.
          CERTIFICATE_DOWNLOAD_BASE_URL: { 'Fn::GetAtt': [logicalId(stack.downloadUrl), 'FunctionUrl'] },
          CERTIFICATES_BUCKET_NAME: { Ref: Match.stringLikeRegexp('CertificatesBucket') },
          TABLE_NAME: Match.anyValue(),
          IDEMPOTENCY_TABLE_NAME: Match.anyValue(),
        }),
      },
    });
  });

  it('passes cdk-nag (AwsSolutions) with no unacknowledged finding', () => {
    expectNoUnsuppressedFindings(stack);
  });
});
