import { fileURLToPath } from 'node:url';
import {
  bindPlatformApi,
  createEventConsumers,
  type EventConsumer,
  lookupPlatform,
  resourceName,
  ServiceTable,
} from '@sfe/cdk-constructs';
import { withPatterns } from '@sfe/service-definition';
import { Stack, type StackProps } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { ConfigurationSet, EmailSendingEvent, EventDestination } from 'aws-cdk-lib/aws-ses';
import type { Construct } from 'constructs';
import { HANDLER_EXPORTS } from '../src/handler';
import { service } from '../src/service';
import { createSesFeedbackSubscription, SES_FEEDBACK_ID } from '../src/subscription';

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
}

/** The SES events the configuration set publishes to EventBridge: the two that suppress an address. */
export const PUBLISHED_SES_EVENTS = [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT] as const;

/**
 * email-service: the SES configuration set every email is sent through (its bounces and complaints go to the
 * default bus), the suppression table it owns, and one `EventConsumer` (rule, encrypted queue + DLQ, function)
 * per subscription: learner emails from the platform bus, SES's bounces and complaints of this configuration
 * set from the default bus. The sending function may send raw email only from its verified identity and
 * address through that set, and read the suppression list; the feedback function may only add to it. It knows
 * nothing of certificate-service: certificate emails link to the address the event carries.
 */
export class EmailStack extends Stack {
  readonly configurationSet: ConfigurationSet;
  readonly suppressionTable: ServiceTable;
  readonly consumers: EventConsumer[];

  constructor(scope: Construct, id: string, props: EmailStackProps) {
    super(scope, id, props);
    const { stage } = props;
    const platform = lookupPlatform(this, stage);
    const identity = props.sesIdentity ?? props.fromAddress.slice(props.fromAddress.lastIndexOf('@') + 1);

    // Named after the stage and service: the one name the function's SES_CONFIGURATION_SET, its IAM grant and
    // the feedback rule's pattern all read from this construct.
    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: resourceName(stage, service.name),
    });
    this.configurationSet.addEventDestination('BouncesAndComplaints', {
      // SES publishes to the account's default bus only.
      destination: EventDestination.eventBus(platform.defaultBus),
      events: [...PUBLISHED_SES_EVENTS],
    });
    const configurationSetName = this.configurationSet.configurationSetName;

    this.suppressionTable = new ServiceTable(this, 'SuppressionTable', {
      tableName: resourceName(stage, service.name, 'suppressions'),
      retainedBecause:
        'a suppression outlives any stack: mailing a bounced or complaining address again harms the sender',
    });

    this.consumers = createEventConsumers(this, {
      stage,
      service,
      // The feedback rule names this stack's configuration set (the definition's names the local one).
      subscriptions: withPatterns(service.subscriptions, (subscription) =>
        subscription.id === SES_FEEDBACK_ID
          ? createSesFeedbackSubscription(configurationSetName).pattern
          : subscription.pattern,
      ),
      platform,
      entry: fileURLToPath(new URL('../src/handler.ts', import.meta.url)),
      handler: (subscription) => HANDLER_EXPORTS[subscription.id] ?? 'handler',
      environment: {
        EMAIL_FROM_ADDRESS: props.fromAddress,
        APP_URL: props.appUrl,
        ...(props.brandName ? { BRAND_NAME: props.brandName } : {}),
        ...(props.locale ? { EMAIL_LOCALE: props.locale } : {}),
        SES_CONFIGURATION_SET: configurationSetName,
        SUPPRESSION_TABLE_NAME: this.suppressionTable.tableName,
      },
      idempotencyTable: platform.idempotencyTable,
      configure: (consumer, subscription) => {
        if (subscription.id === SES_FEEDBACK_ID) {
          // A suppression is one conditional PutItem; nothing is read, changed or deleted.
          consumer.function.addToRolePolicy(
            new PolicyStatement({
              actions: ['dynamodb:PutItem'],
              resources: [this.suppressionTable.tableArn],
            }),
          );
          return;
        }
        consumer.function.addToRolePolicy(this.sendRawEmailStatement(identity, configurationSetName, props));
        // Is the address suppressed? Read before each email.
        consumer.function.addToRolePolicy(
          new PolicyStatement({ actions: ['dynamodb:GetItem'], resources: [this.suppressionTable.tableArn] }),
        );
        // Is the learner still active? Called back before each email.
        bindPlatformApi(consumer.function, stage);
      },
    });
  }

  /** SendRawEmail only (the one call we make), on the identity and configuration set, from our address only. */
  private sendRawEmailStatement(
    identity: string,
    configurationSetName: string,
    props: EmailStackProps,
  ): PolicyStatement {
    return new PolicyStatement({
      actions: ['ses:SendRawEmail'],
      resources: [
        this.formatArn({ service: 'ses', resource: 'identity', resourceName: identity }),
        this.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: configurationSetName }),
      ],
      conditions: { StringEquals: { 'ses:FromAddress': props.fromAddress } },
    });
  }
}
