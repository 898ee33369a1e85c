import { fileURLToPath } from 'node:url';
import {
  AccessLogsBucket,
  bindBucket,
  createEventConsumers,
  type EventConsumer,
  FUNCTION_RUNTIME,
  lookupPlatform,
  resourceName,
  SecureBucket,
  ServiceFunction,
} from '@sfe/cdk-constructs';
import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import {
  Code,
  type FunctionUrl,
  FunctionUrlAuthType,
  InvokeMode,
  LayerVersion,
} from 'aws-cdk-lib/aws-lambda';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
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
 * certificate-service: the certificates bucket it owns (no other stack reads it), the download address (a
 * function URL that redirects to a short-lived link of one PDF), and one `EventConsumer` per subscription
 * whose function renders PDFs into the bucket and writes CERTIFICATE items carrying their download address.
 */
export class CertificateStack extends Stack {
  readonly bucket: SecureBucket;
  readonly consumers: EventConsumer[];
  readonly download: ServiceFunction;
  readonly downloadUrl: FunctionUrl;

  constructor(scope: Construct, id: string, props: CertificateStackProps) {
    super(scope, id, props);
    const { stage } = props;
    const platform = lookupPlatform(this, stage);
    this.bucket = this.createBucket(stage);
    this.download = this.createDownload(stage, platform.opsTopic);
    // Public by design: the address is a bearer link in the learner's email; the function answers only
    // `GET /certificates/<uuid>` and never lists (see src/domain/download.ts).
    this.downloadUrl = this.download.function.addFunctionUrl({
      authType: FunctionUrlAuthType.NONE,
      invokeMode: InvokeMode.BUFFERED,
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
        // Written into each CERTIFICATE item, so CertificateGenerated carries it: defined here, once.
        CERTIFICATE_DOWNLOAD_BASE_URL: this.downloadUrl.url,
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
        // Writes only: the download function is the one reader.
        bindBucket(consumer.function, this.bucket, {
          access: 'write',
          prefix: CERTIFICATE_PREFIX,
          envVar: service.variable('CERTIFICATES_BUCKET_NAME'),
        });
      },
    });
  }

  /** The download function: reads certificate PDFs (to sign links) and nothing else. */
  private createDownload(stage: string, opsTopic: ITopic): ServiceFunction {
    const download = new ServiceFunction(this, 'Download', {
      stage,
      serviceName: service.name,
      functionName: 'download',
      entry: fileURLToPath(new URL('../src/download-handler.ts', import.meta.url)),
      description: 'GET /certificates/<id>: redirects to a short-lived link to the certificate PDF, or 404',
      memorySize: 256,
      timeout: Duration.seconds(10),
      alarmTopic: opsTopic,
    });
    bindBucket(download.function, this.bucket, {
      access: 'read',
      prefix: CERTIFICATE_PREFIX,
      envVar: service.variable('CERTIFICATES_BUCKET_NAME'),
    });
    // Without ListBucket, S3 answers a HEAD of a missing key with 403, not 404: an unknown certificate would be
    // an error instead of a 404. The function never lists; the bucket holds certificates only.
    download.function.addToRolePolicy(
      new PolicyStatement({ actions: ['s3:ListBucket'], resources: [this.bucket.bucketArn] }),
    );
    return download;
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
