import { fileURLToPath } from 'node:url';
import {
  AccessLogsBucket,
  bindBucket,
  createEventConsumers,
  type EventConsumer,
  FUNCTION_RUNTIME,
  lookupPlatform,
  platformParameterNames,
  resourceName,
  SecureBucket,
} from '@sfe/cdk-constructs';
import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Code, LayerVersion } from 'aws-cdk-lib/aws-lambda';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';
import { CERTIFICATE_PREFIX } from '../src/domain/certificate';
import { service } from '../src/service';
import { buildCertificateAssets, LAYER_FONT_DIRECTORY } from './certificate-assets';

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
  readonly bucket: SecureBucket;
  readonly consumers: EventConsumer[];

  constructor(scope: Construct, id: string, props: CertificateStackProps) {
    super(scope, id, props);
    const { stage } = props;
    const platform = lookupPlatform(this, stage);
    this.bucket = this.createBucket(stage);
    new StringParameter(this, 'CertificatesBucketName', {
      parameterName: platformParameterNames(stage).certificatesBucketName,
      stringValue: this.bucket.bucketName,
      description: `sfe ${stage}: the certificates bucket (certificate-service writes, others sign links)`,
    });

    const assets = new LayerVersion(this, 'CertificateAssets', {
      code: Code.fromAsset(buildCertificateAssets()),
      compatibleRuntimes: [FUNCTION_RUNTIME],
      description: 'Certificate fonts (SIL OFL) and the HarfBuzz subsetter (wasm)',
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.consumers = createEventConsumers(this, {
      stage,
      service,
      platform,
      entry: fileURLToPath(new URL('../src/handler.ts', import.meta.url)),
      // Rendering is CPU-bound: more memory is more CPU.
      memorySize: 1024,
      environment: {
        CERTIFICATE_VERIFICATION_BASE_URL: props.verificationBaseUrl,
        CERTIFICATE_ISSUER: props.issuer ?? 'SFE Academy',
        CERTIFICATE_FONT_DIRECTORY: LAYER_FONT_DIRECTORY,
      },
      idempotencyTable: platform.idempotencyTable,
      configure: (consumer) => {
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
        consumer.function.addEnvironment(service.variable('TABLE_NAME'), platform.table.tableName);
        // Writes only: nothing here reads a certificate back (the email service signs its own links).
        bindBucket(consumer.function, this.bucket, {
          access: 'write',
          prefix: CERTIFICATE_PREFIX,
          envVar: service.variable('CERTIFICATES_BUCKET_NAME'),
        });
      },
    });
  }

  private createBucket(stage: string): SecureBucket {
    return new SecureBucket(this, 'CertificatesBucket', {
      versioned: true,
      serverAccessLogsBucket: new AccessLogsBucket(this, 'AccessLogsBucket'),
      serverAccessLogsPrefix: `${resourceName(stage, 'certificates')}/`,
      // A learner's certificate is a record: never deleted with the stack.
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
