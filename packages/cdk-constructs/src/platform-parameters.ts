import { assertStage } from './stage';

/** The SSM parameter names (one stage) under which infra publishes the shared resources. */
export interface PlatformParameterNames {
  readonly busName: string;
  readonly busArn: string;
  readonly tableName: string;
  readonly tableArn: string;
  readonly tableStreamArn: string;
  readonly idempotencyTableName: string;
  readonly idempotencyTableArn: string;
  readonly claimCheckBucketName: string;
}

/**
 * The single place naming the SSM parameters `/sfe/<stage>/...`. Infra writes them; app stacks read them
 * by name at deploy time (no CloudFormation exports, so each stack deploys and rolls back alone).
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
  };
}
