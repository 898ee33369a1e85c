import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type BucketProps,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { acknowledge } from './nag';

/** What `SecureBucket` decides for every bucket, so it cannot be set otherwise. */
type FixedProps = 'encryption' | 'encryptionKey' | 'blockPublicAccess' | 'objectOwnership' | 'enforceSSL';

export type SecureBucketProps = Omit<BucketProps, FixedProps>;

/**
 * An S3 bucket with the platform's defaults, which no caller can weaken: SSE-S3 encryption (AWS services
 * such as Transcribe, MediaConvert and S3 server access logging work with it without KMS grants), all
 * public access blocked, ACLs disabled (bucket owner enforced) and SSL-only access. A subclass of `Bucket`,
 * so its logical id is the id you give.
 *
 * @example
 * const logs = new AccessLogsBucket(this, 'AccessLogsBucket');
 * new SecureBucket(this, 'CertificatesBucket', { versioned: true, serverAccessLogsBucket: logs });
 */
export class SecureBucket extends Bucket {
  constructor(scope: Construct, id: string, props: SecureBucketProps = {}) {
    super(scope, id, {
      ...props,
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
    });
  }
}

export interface AccessLogsBucketProps {
  /** A physical name (default generated). */
  readonly bucketName?: string;
  /** How long access logs are kept (default 90 days). */
  readonly expiration?: Duration;
  /** Default `RETAIN`: access logs are audit records. */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The target of S3 server access logging (`serverAccessLogsBucket`) for the buckets of a stack: a
 * `SecureBucket` whose logs expire, with cdk-nag's S1 (server access logging) acknowledged on it alone.
 */
export class AccessLogsBucket extends SecureBucket {
  constructor(scope: Construct, id: string, props: AccessLogsBucketProps = {}) {
    super(scope, id, {
      ...(props.bucketName ? { bucketName: props.bucketName } : {}),
      lifecycleRules: [{ id: 'expire-access-logs', expiration: props.expiration ?? Duration.days(90) }],
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    acknowledge(
      this,
      'AwsSolutions-S1',
      'This is the access-log bucket itself; logging it into itself would loop and another log bucket only moves the finding.',
    );
  }
}
