import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { expectNoUnsuppressedFindings, testApp } from './nag';
import { AccessLogsBucket, SecureBucket } from './secure-bucket';

const SECURE_PROPERTIES = {
  BucketEncryption: {
    ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
  },
  PublicAccessBlockConfiguration: {
    BlockPublicAcls: true,
    BlockPublicPolicy: true,
    IgnorePublicAcls: true,
    RestrictPublicBuckets: true,
  },
  OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
};

// As in every app's cdk.json: access-log delivery is granted by bucket policy (ACLs are disabled).
const testStack = () =>
  new Stack(testApp({ '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': true }), 'TestStack');

describe('SecureBucket and AccessLogsBucket', () => {
  it('log a secure bucket into an access-log bucket, SSL only, with no unacknowledged cdk-nag finding', () => {
    const stack = testStack();
    const logs = new AccessLogsBucket(stack, 'AccessLogsBucket');
    const bucket = new SecureBucket(stack, 'DataBucket', {
      versioned: true,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 'data/',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const template = Template.fromStack(stack);
    const id = (construct: SecureBucket) => stack.getLogicalId(construct.node.defaultChild as never);
    const resources = template.toJSON().Resources;

    expect(resources[id(logs)].Properties).toStrictEqual({
      ...SECURE_PROPERTIES,
      LifecycleConfiguration: {
        Rules: [{ Id: 'expire-access-logs', ExpirationInDays: 90, Status: 'Enabled' }],
      },
    });
    expect(resources[id(logs)].DeletionPolicy).toBe('Retain');
    expect(resources[id(bucket)].Properties).toStrictEqual({
      ...SECURE_PROPERTIES,
      VersioningConfiguration: { Status: 'Enabled' },
      LoggingConfiguration: { DestinationBucketName: { Ref: id(logs) }, LogFilePrefix: 'data/' },
    });
    const denials = Object.values(template.findResources('AWS::S3::BucketPolicy')).flatMap((policy) =>
      policy.Properties.PolicyDocument.Statement.filter(
        (statement: { Effect: string; Condition?: unknown }) =>
          statement.Effect === 'Deny' &&
          JSON.stringify(statement.Condition) === '{"Bool":{"aws:SecureTransport":"false"}}',
      ),
    );
    expect(denials).toHaveLength(2);
    expectNoUnsuppressedFindings(stack);
  });

  it('takes a name, an expiry and a removal policy for the access logs', () => {
    const stack = testStack();
    new AccessLogsBucket(stack, 'AccessLogsBucket', {
      bucketName: 'sfe-dev-access-logs',
      expiration: Duration.days(28),
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const [logs] = Object.values(Template.fromStack(stack).findResources('AWS::S3::Bucket'));
    expect(logs?.Properties.BucketName).toBe('sfe-dev-access-logs');
    expect(logs?.Properties.LifecycleConfiguration.Rules[0].ExpirationInDays).toBe(28);
    expect(logs?.DeletionPolicy).toBe('Delete');
  });
});
