import { assertStage } from './stage';

/**
 * The SSM parameters `infra` writes, one per shared resource, in the order it writes them. This list is the
 * one source of what infra publishes (its stack writes exactly these) and of what an app stack may read:
 * only these, so every app deploys alone, in any order, to a new stage once `infra` is there.
 */
export const INFRA_PARAMETERS = [
  'busName',
  'busArn',
  'tableName',
  'tableArn',
  'tableStreamArn',
  'idempotencyTableName',
  'idempotencyTableArn',
  'claimCheckBucketName',
  'opsTopicArn',
] as const;

/** A parameter infra writes. */
export type InfraParameterName = (typeof INFRA_PARAMETERS)[number];

/**
 * The parameters a service stack writes for a resource it owns, for people and tools outside the stacks
 * (no app stack reads them: see `INFRA_PARAMETERS`; consumers find the platform API by its function's name).
 */
export const SERVICE_OWNED_PARAMETERS = [
  /** Written by video-pipeline (it owns the bucket): where lecture videos are uploaded. */
  'videoUploadsBucketName',
  /** Written by platform-api: its function URL (IAM auth), which consumers call back. */
  'platformApiUrl',
  /** Written by platform-api: its function's ARN, for `lambda:InvokeFunctionUrl` grants. */
  'platformApiFunctionArn',
] as const;

type ServiceOwnedParameterName = (typeof SERVICE_OWNED_PARAMETERS)[number];

/** The SSM parameter names (one stage) under which shared resources are published. */
export type PlatformParameterNames = Readonly<Record<InfraParameterName | ServiceOwnedParameterName, string>>;

/**
 * The single place naming the SSM parameters `/sfe/<stage>/...`. Infra and the owning service stacks write
 * them; app stacks read infra's by name at deploy time (no CloudFormation exports, so each stack deploys and
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
    opsTopicArn: `${prefix}/ops-topic/arn`,
    videoUploadsBucketName: `${prefix}/video-uploads-bucket/name`,
    platformApiUrl: `${prefix}/platform-api/url`,
    platformApiFunctionArn: `${prefix}/platform-api/function-arn`,
  };
}

/**
 * The names of the parameters infra writes for a stage: the only SSM parameters an app stack may read.
 * @example infraParameterNames('dev') // ['/sfe/dev/bus/name', '/sfe/dev/bus/arn', ...]
 */
export function infraParameterNames(stage: string): string[] {
  const names = platformParameterNames(stage);
  return INFRA_PARAMETERS.map((key) => names[key]);
}
