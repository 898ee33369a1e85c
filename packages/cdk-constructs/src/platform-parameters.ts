import { assertStage } from './stage';

/** The SSM parameter names (one stage) under which shared resources are published. */
export interface PlatformParameterNames {
  readonly busName: string;
  readonly busArn: string;
  readonly tableName: string;
  readonly tableArn: string;
  readonly tableStreamArn: string;
  readonly idempotencyTableName: string;
  readonly idempotencyTableArn: string;
  readonly claimCheckBucketName: string;
  /** Published by certificate-service (it owns the bucket); the email service signs links to it. */
  readonly certificatesBucketName: string;
  /** Published by video-pipeline (it owns the bucket): where lecture videos are uploaded. */
  readonly videoUploadsBucketName: string;
  /** Published by platform-api: its function URL (IAM auth), which consumers call back. */
  readonly platformApiUrl: string;
  /** Published by platform-api: its function's ARN, for `lambda:InvokeFunctionUrl` grants. */
  readonly platformApiFunctionArn: string;
}

/** The parameters a service stack publishes for a resource it owns; infra publishes all the others. */
export const SERVICE_OWNED_PARAMETERS = [
  'certificatesBucketName',
  'videoUploadsBucketName',
  'platformApiUrl',
  'platformApiFunctionArn',
] as const;

/** A parameter infra publishes. */
export type InfraParameterName = Exclude<
  keyof PlatformParameterNames,
  (typeof SERVICE_OWNED_PARAMETERS)[number]
>;

/**
 * The single place naming the SSM parameters `/sfe/<stage>/...`. Infra and the owning service stacks write
 * them; app stacks read them by name at deploy time (no CloudFormation exports, so each stack deploys and
 * rolls back alone).
 *
 * @example platformParameterNames('dev').busName // '/sfe/dev/bus/name'
 */
export function platformParameterNames(stage: string): PlatformParameterNames {
  const prefix = `/sfe/${assertStage(stage)}`;
  return {
    busName: `${prefix}/bus/name`,
    busArn: `${prefix}/bus/arn`,
    tableName: `${prefix}/platform-table/name`,
    tableArn: `${prefix}/platform-table/arn`,
    tableStreamArn: `${prefix}/platform-table/stream-arn`,
    idempotencyTableName: `${prefix}/idempotency-table/name`,
    idempotencyTableArn: `${prefix}/idempotency-table/arn`,
    claimCheckBucketName: `${prefix}/claim-check-bucket/name`,
    certificatesBucketName: `${prefix}/certificates-bucket/name`,
    videoUploadsBucketName: `${prefix}/video-uploads-bucket/name`,
    platformApiUrl: `${prefix}/platform-api/url`,
    platformApiFunctionArn: `${prefix}/platform-api/function-arn`,
  };
}
