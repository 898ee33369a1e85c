import type { IdempotencyConfigShape } from '@sfe/service-definition';
import { Stack, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
// Not re-exported by cdk-nag's index; the same function its IAM5 rule uses to name findings.
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference.js';
import type { IConstruct } from 'constructs';

/** What a function may do with a table or bucket. */
export type Access = 'read' | 'write' | 'readWrite';

const TABLE_READ_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DescribeTable',
];
const TABLE_WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
];

export interface BindTableOptions {
  readonly access: Access;
  /** The variable receiving the table name (default `TABLE_NAME`). */
  readonly envVar?: string;
  /**
   * Partition-key values (or prefixes ending in `*`, e.g. `VIDEO#*`; see `keys` in @sfe/records) the function may touch. When given,
   * every statement carries a `dynamodb:LeadingKeys` condition, so the function reads/writes only its own
   * items even though the table is shared.
   */
  readonly leadingKeys?: readonly string[];
  /** Also allow `Query` on the table's indexes (`<table>/index/*`). Default false. */
  readonly indexes?: boolean;
}

/**
 * Grants a function access to a table and tells it the table's name, in one call. Actions are listed
 * explicitly (no `dynamodb:*`), `Scan` is never granted, and `leadingKeys` narrows writes to the
 * function's own keys.
 *
 * @example bindTable(fn, platform.table, { access: 'write', leadingKeys: ['VIDEO#*'] });
 */
export function bindTable(fn: LambdaFunction, table: ITable, options: BindTableOptions): void {
  const actions = tableActions(options.access);
  const indexArn = `${table.tableArn}/index/*`;
  const resources = options.indexes ? [table.tableArn, indexArn] : [table.tableArn];
  const statement = new PolicyStatement({ actions, resources });
  if (options.leadingKeys !== undefined) {
    if (options.leadingKeys.length === 0)
      throw new Error('bindTable: leadingKeys must not be empty when given');
    const operator = options.leadingKeys.some((key) => key.includes('*'))
      ? 'ForAllValues:StringLike'
      : 'ForAllValues:StringEquals';
    statement.addCondition(operator, { 'dynamodb:LeadingKeys': [...options.leadingKeys] });
  }
  fn.addToRolePolicy(statement);
  fn.addEnvironment(options.envVar ?? 'TABLE_NAME', table.tableName);
  if (options.indexes) {
    acknowledgeOnRolePolicy(
      fn,
      `AwsSolutions-IAM5[Resource::${wildcardFinding(fn, indexArn)}]`,
      "Query on the table's own GSIs (named per table, unknown here).",
    );
  }
}

/**
 * Grants a function the Powertools idempotency table: read and write of records (the table only holds
 * idempotency records) and sets `IDEMPOTENCY_TABLE_NAME`.
 */
export function bindIdempotencyTable(fn: LambdaFunction, table: ITable): void {
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
      resources: [table.tableArn],
    }),
  );
  // Typed by the config shape services spread into their schema: renaming the variable there breaks this.
  const variable: keyof typeof IdempotencyConfigShape = 'IDEMPOTENCY_TABLE_NAME';
  fn.addEnvironment(variable, table.tableName);
}

/**
 * Allows a function to put events on one bus only (`events:PutEvents` on its ARN) and sets
 * `EVENT_BUS_NAME`.
 */
export function bindBus(fn: LambdaFunction, bus: IEventBus, envVar = 'EVENT_BUS_NAME'): void {
  fn.addToRolePolicy(new PolicyStatement({ actions: ['events:PutEvents'], resources: [bus.eventBusArn] }));
  fn.addEnvironment(envVar, bus.eventBusName);
}

export interface BindBucketOptions {
  readonly access: Access;
  /** Key prefix (e.g. `certificates/`) the function is limited to; default the whole bucket. */
  readonly prefix?: string;
  /** The variable receiving the bucket name (default `BUCKET_NAME`). */
  readonly envVar?: string;
}

/**
 * Grants object access on a bucket (optionally under one prefix) and sets the bucket's name. Object ARNs
 * always end in a wildcard (`bucket/prefix*`); that single finding is acknowledged on the function's role
 * policy with the reason, nothing wider.
 */
export function bindBucket(fn: LambdaFunction, bucket: IBucket, options: BindBucketOptions): void {
  const prefix = options.prefix ?? '';
  const actions = [
    ...(options.access === 'write' ? [] : ['s3:GetObject']),
    ...(options.access === 'read' ? [] : ['s3:PutObject', 's3:AbortMultipartUpload']),
  ];
  const objects = bucket.arnForObjects(`${prefix}*`);
  fn.addToRolePolicy(new PolicyStatement({ actions, resources: [objects] }));
  fn.addEnvironment(options.envVar ?? 'BUCKET_NAME', bucket.bucketName);
  acknowledgeOnRolePolicy(
    fn,
    `AwsSolutions-IAM5[Resource::${wildcardFinding(fn, objects)}]`,
    `Object-level access is granted per key prefix ("${prefix}*"); S3 object ARNs need the wildcard.`,
  );
}

function tableActions(access: Access): string[] {
  const actions =
    access === 'read'
      ? TABLE_READ_ACTIONS
      : access === 'write'
        ? TABLE_WRITE_ACTIONS
        : [...TABLE_READ_ACTIONS, ...TABLE_WRITE_ACTIONS];
  return [...new Set(actions)];
}

/** Acknowledges one finding on the function role's default policy, the narrowest resource holding it. */
function acknowledgeOnRolePolicy(fn: LambdaFunction, id: string, reason: string): void {
  const policy = fn.role?.node.tryFindChild('DefaultPolicy');
  if (!policy)
    throw new Error(`bindings: ${fn.node.path} has no role default policy to acknowledge ${id} on`);
  Validations.of(policy).acknowledge({ id, reason });
}

// cdk-nag names a wildcard finding after the flattened CloudFormation reference of the resource; resolving
// the same ARN the same way gives the exact finding id to acknowledge (and nothing broader).
function wildcardFinding(scope: IConstruct, arn: string): string {
  return flattenCfnReference(Stack.of(scope).resolve(arn));
}
