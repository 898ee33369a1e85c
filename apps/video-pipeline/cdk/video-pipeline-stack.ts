import { fileURLToPath } from 'node:url';
import {
  AccessLogsBucket,
  acknowledge,
  createEventConsumers,
  type EventConsumer,
  lookupPlatform,
  type Platform,
  platformParameterNames,
  resourceName,
  SecureBucket,
} from '@sfe/cdk-constructs';
import { withPatterns } from '@sfe/service-definition';
import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { type IRole, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { CfnBucket } from 'aws-cdk-lib/aws-s3';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
// Not re-exported by cdk-nag's index; the function its IAM5 rule uses to name findings.
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference.js';
import type { Construct } from 'constructs';
import { PROCESSED_PREFIX, UPLOADS_PREFIX } from '../src/domain/object-keys';
import { HANDLER_EXPORTS } from '../src/handler';
import { service } from '../src/service';
import { SERVICE_NAME } from '../src/service-name';
import { createSubscriptions, SubscriptionId } from '../src/subscription';

export interface VideoPipelineStackProps extends StackProps {
  readonly stage: string;
  /** Spoken language of the lectures (a Transcribe language code). Default `en-US`. */
  readonly transcribeLanguageCode?: string;
}

/** What each function may do with VIDEO items (DynamoDB actions, narrowed to `VIDEO#*` partitions). */
const TABLE_ACTIONS: Record<SubscriptionId, string[]> = {
  [SubscriptionId.videoUploaded]: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
  [SubscriptionId.transcriptionFinished]: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
  [SubscriptionId.transcodeFinished]: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
};

/**
 * video-pipeline: the uploads bucket (EventBridge notifications on), the role MediaConvert works as, and one
 * `EventConsumer` per subscription (rule on the account's default bus → queue + DLQ → function), each
 * function allowed exactly its step: start Transcribe jobs, create MediaConvert jobs passing only that role,
 * or record the result.
 */
export class VideoPipelineStack extends Stack {
  readonly uploadsBucket: SecureBucket;
  readonly mediaConvertRole: Role;
  readonly consumers: Record<SubscriptionId, EventConsumer>;

  constructor(scope: Construct, id: string, props: VideoPipelineStackProps) {
    super(scope, id, props);
    const { stage } = props;
    const platform = lookupPlatform(this, stage);
    this.uploadsBucket = this.createUploadsBucket(stage);
    new StringParameter(this, 'UploadsBucketName', {
      parameterName: platformParameterNames(stage).videoUploadsBucketName,
      stringValue: this.uploadsBucket.bucketName,
      description: `sfe ${stage}: upload lecture videos to uploads/<courseId>/<videoId>.<mp4|mov|mkv> here`,
    });
    this.mediaConvertRole = this.createMediaConvertRole(stage);

    // The upload rule names the bucket: the definition's patterns, bound to the bucket this stack creates.
    const deployed = createSubscriptions(this.uploadsBucket.bucketName);
    const consumers = createEventConsumers(this, {
      stage,
      service,
      subscriptions: withPatterns(
        service.subscriptions,
        (subscription) => deployed.find((s) => s.id === subscription.id)?.pattern ?? subscription.pattern,
      ),
      platform,
      entry: fileURLToPath(new URL('../src/handler.ts', import.meta.url)),
      handler: (subscription) => HANDLER_EXPORTS[subscription.id as SubscriptionId],
      environment: {
        UPLOADS_BUCKET: this.uploadsBucket.bucketName,
        TRANSCRIBE_LANGUAGE_CODE: props.transcribeLanguageCode ?? 'en-US',
        MEDIACONVERT_ROLE_ARN: this.mediaConvertRole.roleArn,
        TABLE_NAME: platform.table.tableName,
      },
      configure: (consumer, subscription) =>
        this.grantVideoItems(consumer, platform, subscription.id as SubscriptionId),
    });
    this.consumers = Object.fromEntries(consumers.map((consumer) => [consumer.node.id, consumer])) as Record<
      SubscriptionId,
      EventConsumer
    >;
    this.grantStartTranscription(this.consumers[SubscriptionId.videoUploaded]);
    this.grantCreateTranscode(this.consumers[SubscriptionId.transcriptionFinished]);
  }

  private createUploadsBucket(stage: string): SecureBucket {
    // SSE-S3 (SecureBucket's), so Transcribe and MediaConvert read and write it with S3 permissions alone.
    const bucket = new SecureBucket(this, 'UploadsBucket', {
      serverAccessLogsBucket: new AccessLogsBucket(this, 'AccessLogsBucket'),
      serverAccessLogsPrefix: `${resourceName(stage, 'video-uploads')}/`,
      lifecycleRules: [
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(7) },
      ],
      // Lecture videos are course material: never deleted with the stack.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Object Created events go to the default bus, where the upload rule filters them. Set on the bucket
    // itself (CloudFormation supports it) rather than with `eventBridgeEnabled`, which deploys a
    // notifications custom resource and its Lambda for the same result.
    (bucket.node.defaultChild as CfnBucket).notificationConfiguration = {
      eventBridgeConfiguration: { eventBridgeEnabled: true },
    };
    return bucket;
  }

  /**
   * The role MediaConvert assumes for our jobs: read the upload and Transcribe's captions, write outputs
   * under `processed/`. Only MediaConvert, for this account's Default queue, may assume it.
   */
  private createMediaConvertRole(stage: string): Role {
    const role = new Role(this, 'MediaConvertRole', {
      roleName: resourceName(stage, SERVICE_NAME, 'mediaconvert'),
      description: 'Assumed by MediaConvert to transcode uploads/ into processed/ (video-pipeline)',
      assumedBy: new ServicePrincipal('mediaconvert.amazonaws.com').withConditions({
        // Confused-deputy protection, as the MediaConvert guide recommends.
        ArnLike: {
          'aws:SourceArn': this.formatArn({
            service: 'mediaconvert',
            resource: 'queues',
            resourceName: 'Default',
          }),
        },
        StringEquals: { 'aws:SourceAccount': this.account },
      }),
    });
    const uploads = this.uploadsBucket.arnForObjects(`${UPLOADS_PREFIX}*`);
    const transcripts = this.uploadsBucket.arnForObjects(`${PROCESSED_PREFIX}*/transcript/*`);
    const processed = this.uploadsBucket.arnForObjects(`${PROCESSED_PREFIX}*`);
    role.addToPolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: [uploads, transcripts] }));
    role.addToPolicy(new PolicyStatement({ actions: ['s3:PutObject'], resources: [processed] }));
    this.acknowledgeWildcards(
      role,
      [uploads, transcripts, processed],
      'S3 object ARNs need a key wildcard: MediaConvert reads uploads/* and processed/*/transcript/*, writes processed/*.',
    );
    return role;
  }

  /** GetItem and the step's writes on VIDEO items only (`dynamodb:LeadingKeys` = `VIDEO#*`). */
  private grantVideoItems(consumer: EventConsumer, platform: Platform, id: SubscriptionId): void {
    consumer.function.addToRolePolicy(
      new PolicyStatement({
        actions: TABLE_ACTIONS[id],
        resources: [platform.table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['VIDEO#*'] } },
      }),
    );
  }

  /**
   * Starting Transcribe jobs. Transcribe reads the upload and writes its output with the caller's
   * permissions, so the function may read uploads/* and write processed/* (and nothing else in the bucket).
   */
  private grantStartTranscription(consumer: EventConsumer): void {
    const fn = consumer.function;
    const uploads = this.uploadsBucket.arnForObjects(`${UPLOADS_PREFIX}*`);
    const processed = this.uploadsBucket.arnForObjects(`${PROCESSED_PREFIX}*`);
    fn.addToRolePolicy(
      new PolicyStatement({ actions: ['transcribe:StartTranscriptionJob'], resources: ['*'] }),
    );
    fn.addToRolePolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: [uploads] }));
    fn.addToRolePolicy(new PolicyStatement({ actions: ['s3:PutObject'], resources: [processed] }));
    this.acknowledgeWildcards(
      consumer.serviceFunction.role,
      ['*'],
      'transcribe:StartTranscriptionJob has no resource-level permissions (the Transcribe guide grants it on "*").',
    );
    this.acknowledgeWildcards(
      consumer.serviceFunction.role,
      [uploads, processed],
      "S3 object ARNs need a key wildcard: Transcribe reads uploads/* and writes processed/* with the caller's permissions.",
    );
  }

  /** Creating MediaConvert jobs on the Default queue, passing exactly the MediaConvert role to MediaConvert. */
  private grantCreateTranscode(consumer: EventConsumer): void {
    const fn = consumer.function;
    const jobs = this.formatArn({ service: 'mediaconvert', resource: 'jobs', resourceName: '*' });
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['mediaconvert:CreateJob'],
        resources: [
          this.formatArn({ service: 'mediaconvert', resource: 'queues', resourceName: 'Default' }),
          jobs,
        ],
      }),
    );
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['iam:PassRole'],
        resources: [this.mediaConvertRole.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'mediaconvert.amazonaws.com' } },
      }),
    );
    this.acknowledgeWildcards(
      consumer.serviceFunction.role,
      [jobs],
      'mediaconvert:CreateJob authorizes on the job it creates, whose id MediaConvert assigns (jobs/*).',
    );
  }

  /**
   * Acknowledges exactly the IAM5 findings for these resources on the role's default policy (cdk-nag names a
   * wildcard finding after the resource's flattened CloudFormation reference), so any other wildcard grant
   * added later is still reported.
   */
  private acknowledgeWildcards(role: IRole, resources: readonly string[], reason: string): void {
    const policy = role.node.tryFindChild('DefaultPolicy');
    if (!policy) throw new Error(`${role.node.path} has no default policy to acknowledge findings on`);
    for (const resource of resources) {
      acknowledge(
        policy,
        `AwsSolutions-IAM5[Resource::${flattenCfnReference(this.resolve(resource))}]`,
        reason,
      );
    }
  }
}
