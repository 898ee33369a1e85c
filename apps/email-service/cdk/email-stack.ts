import { fileURLToPath } from 'node:url';
import {
  bindBucket,
  bindPlatformApi,
  createEventConsumers,
  type EventConsumer,
  lookupPlatform,
  platformParameterNames,
} from '@sfe/cdk-constructs';
import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';
import { service } from '../src/service';

/** Certificate PDFs live under this prefix; the function may read nothing else in the bucket. */
export const CERTIFICATES_PREFIX = 'certificates/';

export interface EmailStackProps extends StackProps {
  readonly stage: string;
  /** The sender, an address on the SES identity (e.g. `no-reply@mail.example.com`). */
  readonly fromAddress: string;
  /** The verified SES identity: a domain (`mail.example.com`) or the address itself. Default: the address's domain. */
  readonly sesIdentity?: string;
  /** Where learners sign in, linked from emails. */
  readonly appUrl: string;
  readonly brandName?: string;
  readonly locale?: string;
  /** An existing SES configuration set for bounce/complaint events; the function may use only that one. */
  readonly configurationSetName?: string;
  /** How long certificate download links work (default 6 hours). */
  readonly downloadLinkTtl?: Duration;
}

/**
 * email-service: one `EventConsumer` (rule, encrypted queue + DLQ, function) per subscription. The function
 * may send raw email only from its verified identity and address, read only certificate PDFs (to sign
 * download links), and use the idempotency table.
 */
export class EmailStack extends Stack {
  readonly consumers: EventConsumer[];

  constructor(scope: Construct, id: string, props: EmailStackProps) {
    super(scope, id, props);
    const { stage } = props;
    const platform = lookupPlatform(this, stage);
    const identity = props.sesIdentity ?? props.fromAddress.slice(props.fromAddress.lastIndexOf('@') + 1);
    const certificates = Bucket.fromBucketName(
      this,
      'CertificatesBucket',
      StringParameter.valueForStringParameter(this, platformParameterNames(stage).certificatesBucketName),
    );

    this.consumers = createEventConsumers(this, {
      stage,
      service,
      platform,
      entry: fileURLToPath(new URL('../src/handler.ts', import.meta.url)),
      environment: {
        EMAIL_FROM_ADDRESS: props.fromAddress,
        APP_URL: props.appUrl,
        ...(props.brandName ? { BRAND_NAME: props.brandName } : {}),
        ...(props.locale ? { EMAIL_LOCALE: props.locale } : {}),
        ...(props.configurationSetName ? { SES_CONFIGURATION_SET: props.configurationSetName } : {}),
        DOWNLOAD_LINK_TTL_SECONDS: String((props.downloadLinkTtl ?? Duration.hours(6)).toSeconds()),
      },
      idempotencyTable: platform.idempotencyTable,
      configure: (consumer) => {
        consumer.function.addToRolePolicy(this.sendRawEmailStatement(identity, props));
        // Read only: a presigned link works with the signer's permissions, so GetObject on certificates/*.
        bindBucket(consumer.function, certificates, {
          access: 'read',
          prefix: CERTIFICATES_PREFIX,
          envVar: service.variable('CERTIFICATES_BUCKET'),
        });
        // Is the learner still active? Called back before each email.
        bindPlatformApi(consumer.function, stage);
      },
    });
  }

  /** SendRawEmail only (the one call we make), on the identity (and configuration set), from our address only. */
  private sendRawEmailStatement(identity: string, props: EmailStackProps): PolicyStatement {
    const resources = [this.formatArn({ service: 'ses', resource: 'identity', resourceName: identity })];
    if (props.configurationSetName) {
      resources.push(
        this.formatArn({
          service: 'ses',
          resource: 'configuration-set',
          resourceName: props.configurationSetName,
        }),
      );
    }
    return new PolicyStatement({
      actions: ['ses:SendRawEmail'],
      resources,
      conditions: { StringEquals: { 'ses:FromAddress': props.fromAddress } },
    });
  }
}
