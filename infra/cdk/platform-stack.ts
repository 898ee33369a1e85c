import {
  AccessLogsBucket,
  type InfraParameterName,
  opsTopicName,
  platformBusName,
  platformParameterNames,
  resourceName,
  SecureBucket,
  toCdkEventPattern,
} from '@sfe/cdk-constructs';
import { Aws, Stack, type StackProps } from 'aws-cdk-lib';
import { AttributeType, Billing, StreamViewType, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { AccountRootPrincipal, Effect, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';
import { DebugLog } from './debug-log';
import { type StageConfig, stageConfig } from './stage-config';

/** Every one of our producers names its source `sfe-...`: the archive keeps exactly those. */
export const OUR_EVENTS_PATTERN = { source: [{ prefix: 'sfe-' }] } as const;

export interface PlatformStackProps extends StackProps {
  readonly stage: string;
  /** An address subscribed to the ops topic by email (it must confirm once); default none. */
  readonly opsEmail?: string;
}

/**
 * The platform's shared resources for one stage, deployed once before any app: the central bus (archive,
 * this-account-only policy, debug log outside production), the platform table (CDC stream), the idempotency table,
 * the claim-check bucket and the ops topic every alarm of every stack notifies. Apps find them through the SSM
 * parameters published here, never through exports.
 */
export class PlatformStack extends Stack {
  readonly bus: EventBus;
  readonly table: TableV2;
  readonly idempotencyTable: TableV2;
  readonly claimCheckBucket: SecureBucket;
  readonly accessLogsBucket: AccessLogsBucket;
  /** The bus's debug log (personal data redacted); none in production (`StageConfig.debugLog`). */
  readonly debugLog: DebugLog | undefined;
  readonly opsTopic: Topic;
  readonly opsTopicKey: Key;
  readonly config: StageConfig;

  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id, { terminationProtection: props.stage === 'prod', ...props });
    this.config = stageConfig(props.stage);
    const { stage } = props;

    this.bus = this.createBus(stage);
    this.debugLog = this.config.debugLog
      ? new DebugLog(this, 'DebugLog', {
          stage,
          bus: this.bus,
          retention: this.config.debugLogRetention,
          removalPolicy: this.config.removalPolicy,
        })
      : undefined;
    this.table = this.createPlatformTable(stage);
    this.idempotencyTable = this.createIdempotencyTable(stage);
    this.accessLogsBucket = this.createAccessLogsBucket(stage);
    this.claimCheckBucket = this.createClaimCheckBucket(stage);
    [this.opsTopic, this.opsTopicKey] = this.createOpsTopic(stage, props.opsEmail);
    this.publishParameters(stage);
  }

  private createBus(stage: string): EventBus {
    const bus = new EventBus(this, 'Bus', {
      eventBusName: platformBusName(stage),
      description: `sfe ${stage}: domain events of every sfe service`,
    });
    // Only principals of this account may publish; other accounts (and anonymous callers) cannot.
    bus.addToResourcePolicy(
      new PolicyStatement({
        sid: 'OnlyThisAccountPutsEvents',
        effect: Effect.ALLOW,
        principals: [new AccountRootPrincipal()],
        actions: ['events:PutEvents'],
        resources: [bus.eventBusArn],
      }),
    );
    bus.archive('Archive', {
      archiveName: resourceName(stage, 'bus-archive'),
      description: `Every sfe event on ${platformBusName(stage)}, for replay`,
      eventPattern: toCdkEventPattern(OUR_EVENTS_PATTERN),
      retention: this.config.eventRetention,
    });
    return bus;
  }

  private createPlatformTable(stage: string): TableV2 {
    return new TableV2(this, 'PlatformTable', {
      tableName: resourceName(stage, 'platform'),
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      sortKey: { name: 'sk', type: AttributeType.STRING },
      billing: Billing.onDemand(),
      // The stream processor turns item changes into domain events: it needs the before and after images.
      dynamoStream: StreamViewType.NEW_AND_OLD_IMAGES,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: 'ttl',
      deletionProtection: this.config.production,
      removalPolicy: this.config.removalPolicy,
    });
  }

  private createIdempotencyTable(stage: string): TableV2 {
    // The key and TTL attribute names Powertools' DynamoDBPersistenceLayer uses by default.
    return new TableV2(this, 'IdempotencyTable', {
      tableName: resourceName(stage, 'idempotency'),
      partitionKey: { name: 'id', type: AttributeType.STRING },
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: 'expiration',
      deletionProtection: this.config.production,
      removalPolicy: this.config.removalPolicy,
    });
  }

  private createAccessLogsBucket(stage: string): AccessLogsBucket {
    return new AccessLogsBucket(this, 'AccessLogsBucket', {
      bucketName: `${resourceName(stage, 'access-logs')}-${Aws.ACCOUNT_ID}-${Aws.REGION}`,
      expiration: this.config.eventRetention.plus(this.config.eventRetention),
      removalPolicy: this.config.removalPolicy,
    });
  }

  private createClaimCheckBucket(stage: string): SecureBucket {
    return new SecureBucket(this, 'ClaimCheckBucket', {
      bucketName: `${resourceName(stage, 'claim-check')}-${Aws.ACCOUNT_ID}-${Aws.REGION}`,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'claim-check/',
      // A payload must outlive every event that points to it, including archived events being replayed.
      lifecycleRules: [
        {
          id: 'expire-with-archive',
          expiration: this.config.eventRetention,
          abortIncompleteMultipartUploadAfter: this.config.eventRetention,
        },
      ],
      removalPolicy: this.config.removalPolicy,
    });
  }

  /**
   * The topic CloudWatch alarms notify (every alarm's action, found by apps under `/sfe/<stage>/ops-topic/arn`).
   * Encrypted with a key of its own: alarms cannot publish to a topic under the AWS-managed SNS key, whose
   * policy CloudWatch is not in. CloudWatch may publish only for alarms of this account.
   */
  private createOpsTopic(stage: string, opsEmail: string | undefined): [Topic, Key] {
    const key = new Key(this, 'OpsTopicKey', {
      description: `sfe ${stage}: encrypts the ops topic (alarms)`,
      enableKeyRotation: true,
      removalPolicy: this.config.removalPolicy,
    });
    const cloudWatch = new ServicePrincipal('cloudwatch.amazonaws.com');
    key.grant(cloudWatch, 'kms:Decrypt', 'kms:GenerateDataKey*');
    const topic = new Topic(this, 'OpsTopic', {
      topicName: opsTopicName(stage),
      displayName: `sfe ${stage} alarms`,
      masterKey: key,
      enforceSSL: true,
    });
    topic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsOfThisAccountPublish',
        effect: Effect.ALLOW,
        principals: [cloudWatch],
        actions: ['sns:Publish'],
        resources: [topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
          ArnLike: {
            'aws:SourceArn': `arn:${Aws.PARTITION}:cloudwatch:${Aws.REGION}:${Aws.ACCOUNT_ID}:alarm:*`,
          },
        },
      }),
    );
    if (opsEmail) topic.addSubscription(new EmailSubscription(opsEmail));
    return [topic, key];
  }

  private publishParameters(stage: string): void {
    const names = platformParameterNames(stage);
    // Exactly INFRA_PARAMETERS (the type makes this list complete): the parameters app stacks may read.
    const values: Record<InfraParameterName, string> = {
      busName: this.bus.eventBusName,
      busArn: this.bus.eventBusArn,
      tableName: this.table.tableName,
      tableArn: this.table.tableArn,
      tableStreamArn: this.table.tableStreamArn ?? '',
      idempotencyTableName: this.idempotencyTable.tableName,
      idempotencyTableArn: this.idempotencyTable.tableArn,
      claimCheckBucketName: this.claimCheckBucket.bucketName,
      opsTopicArn: this.opsTopic.topicArn,
    };
    for (const [key, stringValue] of Object.entries(values) as [InfraParameterName, string][]) {
      new StringParameter(this, `Parameter${key[0]?.toUpperCase()}${key.slice(1)}`, {
        parameterName: names[key],
        stringValue,
        description: `sfe ${stage}: ${key} (read by app stacks at deploy time)`,
      });
    }
  }
}
