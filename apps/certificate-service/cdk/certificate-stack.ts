import { fileURLToPath } from 'node:url';
import {
  acknowledge,
  bindBucket,
  bindIdempotencyTable,
  EventConsumer,
  FUNCTION_RUNTIME,
  lookupPlatform,
  resourceName,
} from '@sfe/cdk-constructs';
import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Code, LayerVersion } from 'aws-cdk-lib/aws-lambda';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';
import { CERTIFICATE_PREFIX } from '../src/domain/certificate';
import { SERVICE_NAME } from '../src/service-name';
import { subscriptions } from '../src/subscription';
import { buildCertificateAssets, LAYER_FONT_DIRECTORY } from './certificate-assets';

/** The SSM parameter publishing the certificates bucket's name (the email service signs links to it). */
export function certificatesBucketParameterName(stage: string): string {
  return `/sfe/${stage}/certificates-bucket/name`;
}

export interface CertificateStackProps extends StackProps {
  readonly stage: string;
  /** The page that verifies a certificate id, printed on each certificate. */
  readonly verificationBaseUrl: string;
  /** The name printed as issuer. Default `SFE Academy`. */
  readonly issuer?: string;
}

/**
 * certificate-service: the certificates bucket it owns (published in SSM), and one `EventConsumer` per
 * subscription whose function renders PDFs into the bucket and writes CERTIFICATE items.
 */
export class CertificateStack extends Stack {
  readonly bucket: Bucket;
  readonly consumers: EventConsumer[];

  constructor(scope: Construct, id: string, props: CertificateStackProps) {
    super(scope, id, props);
    const { stage } = props;
    const platform = lookupPlatform(this, stage);
    this.bucket = this.createBucket(stage);
    new StringParameter(this, 'CertificatesBucketName', {
      parameterName: certificatesBucketParameterName(stage),
      stringValue: this.bucket.bucketName,
      description: `sfe ${stage}: the certificates bucket (certificate-service writes, others sign links)`,
    });

    const assets = new LayerVersion(this, 'CertificateAssets', {
      code: Code.fromAsset(buildCertificateAssets()),
      compatibleRuntimes: [FUNCTION_RUNTIME],
      description: 'Certificate fonts (SIL OFL) and the HarfBuzz subsetter (wasm)',
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.consumers = subscriptions.map((subscription) => {
      const consumer = new EventConsumer(this, subscription.id, {
        stage,
        serviceName: SERVICE_NAME,
        subscription,
        bus: subscription.bus === 'platform' ? platform.bus : platform.defaultBus,
        entry: fileURLToPath(new URL('../src/handler.ts', import.meta.url)),
        // Rendering is CPU-bound: more memory is more CPU.
        memorySize: 1024,
        timeout: Duration.seconds(30),
        environment: {
          CERTIFICATE_VERIFICATION_BASE_URL: props.verificationBaseUrl,
          CERTIFICATE_ISSUER: props.issuer ?? 'SFE Academy',
          CERTIFICATE_FONT_DIRECTORY: LAYER_FONT_DIRECTORY,
        },
      });
      consumer.function.addLayers(assets);
      // Only GetItem and PutItem (conditional): no Update, Delete, Query or Scan. LeadingKeys can narrow
      // the partition key only: certificates live under USER#<id>, beside profiles and enrolments, so the
      // sort key (CERTIFICATE#...) cannot be enforced by IAM; the repository writes nothing else.
      consumer.function.addToRolePolicy(
        new PolicyStatement({
          actions: ['dynamodb:GetItem', 'dynamodb:PutItem'],
          resources: [platform.table.tableArn],
          conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['USER#*'] } },
        }),
      );
      consumer.function.addEnvironment('TABLE_NAME', platform.table.tableName);
      // Writes only: nothing here reads a certificate back (the email service signs its own links).
      bindBucket(consumer.function, this.bucket, {
        access: 'write',
        prefix: CERTIFICATE_PREFIX,
        envVar: 'CERTIFICATES_BUCKET_NAME',
      });
      bindIdempotencyTable(consumer.function, platform.idempotencyTable);
      return consumer;
    });
  }

  private createBucket(stage: string): Bucket {
    const accessLogs = new Bucket(this, 'AccessLogsBucket', {
      // S3 server access logging supports SSE-S3 only.
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(
      accessLogs,
      'AwsSolutions-S1',
      'This is the access-log bucket itself; logging it into itself would loop.',
    );
    return new Bucket(this, 'CertificatesBucket', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: `${resourceName(stage, 'certificates')}/`,
      // A learner's certificate is a record: never deleted with the stack.
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
