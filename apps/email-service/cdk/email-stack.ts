import { fileURLToPath } from 'node:url';
import {
  bindPlatformApi,
  createEventConsumers,
  type EventConsumer,
  lookupPlatform,
} from '@sfe/cdk-constructs';
import { Stack, type StackProps } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { service } from '../src/service';

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
}

/**
 * email-service: one `EventConsumer` (rule, encrypted queue + DLQ, function) per subscription. The function
 * may send raw email only from its verified identity and address, and use the idempotency table. It knows
 * nothing of certificate-service: certificate emails link to the address the event carries.
 */
export class EmailStack extends Stack {
  readonly consumers: EventConsumer[];

  constructor(scope: Construct, id: string, props: EmailStackProps) {
    super(scope, id, props);
    const { stage } = props;
    const platform = lookupPlatform(this, stage);
    const identity = props.sesIdentity ?? props.fromAddress.slice(props.fromAddress.lastIndexOf('@') + 1);

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
      },
      idempotencyTable: platform.idempotencyTable,
      configure: (consumer) => {
        consumer.function.addToRolePolicy(this.sendRawEmailStatement(identity, props));
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
