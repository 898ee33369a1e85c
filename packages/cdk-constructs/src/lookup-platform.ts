import { CfnParameter, Validations } from 'aws-cdk-lib';
import { type ITable, Table } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus, type IEventBus } from 'aws-cdk-lib/aws-events';
import { Bucket, type IBucket } from 'aws-cdk-lib/aws-s3';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import { Construct, type IConstruct } from 'constructs';
import { platformParameterNames } from './platform-parameters';

/** The shared resources an app stack uses, imported from the values infra published in SSM. */
export interface Platform {
  /** The central custom bus `sfe-<stage>-bus`. */
  readonly bus: IEventBus;
  /** The account's default bus, where AWS services (S3, Transcribe, MediaConvert) send their events. */
  readonly defaultBus: IEventBus;
  /** The platform table, with its stream ARN (for the CDC stream processor). */
  readonly table: ITable;
  /** The Powertools idempotency table (`id` key, `expiration` TTL). */
  readonly idempotencyTable: ITable;
  /** The claim-check bucket for payloads too large for EventBridge. */
  readonly claimCheckBucket: IBucket;
}

/**
 * Imports the platform's shared resources into an app stack. Every value is an SSM parameter resolved by
 * CloudFormation at deploy time (`AWS::SSM::Parameter::Value<String>`), so synth needs no AWS credentials
 * and no stack depends on another stack's exports. Call it once per stack; resources are imported lazily.
 *
 * @example
 * const platform = lookupPlatform(this, props.stage);
 * new EventConsumer(this, 'Consumer', { bus: platform.bus, ... });
 */
export function lookupPlatform(scope: Construct, stage: string): Platform {
  const names = platformParameterNames(stage);
  const container = new Construct(scope, 'Platform');
  const read = (name: string): string => StringParameter.valueForStringParameter(container, name);
  // Each resource is imported on first use and from its name alone (same account and region, so ARNs are
  // derived): a stack gets template parameters only for what it references. An unreferenced parameter
  // would still have to resolve at deploy time, and CloudFormation validation warns about it.
  return {
    get bus() {
      return once(container, 'Bus', () => EventBus.fromEventBusName(container, 'Bus', read(names.busName)));
    },
    get defaultBus() {
      return once(container, 'DefaultBus', () =>
        EventBus.fromEventBusName(container, 'DefaultBus', 'default'),
      );
    },
    get table() {
      return once(container, 'Table', () =>
        Table.fromTableAttributes(container, 'Table', {
          tableName: read(names.tableName),
          tableStreamArn: optionalParameter(container, 'TableStreamArn', names.tableStreamArn),
        }),
      );
    },
    get idempotencyTable() {
      return once(container, 'IdempotencyTable', () =>
        Table.fromTableName(container, 'IdempotencyTable', read(names.idempotencyTableName)),
      );
    },
    get claimCheckBucket() {
      return once(container, 'ClaimCheckBucket', () =>
        Bucket.fromBucketName(container, 'ClaimCheckBucket', read(names.claimCheckBucketName)),
      );
    },
  };
}

function once<T extends IConstruct>(container: Construct, id: string, create: () => T): T {
  return (container.node.tryFindChild(id) as T | undefined) ?? create();
}

/**
 * An SSM-backed template parameter that a stack may leave unreferenced: the table's stream ARN has to be
 * given when the table is imported, but only the stream processor uses it.
 */
function optionalParameter(scope: Construct, id: string, parameterName: string): string {
  const parameter = new CfnParameter(scope, `${id}Parameter`, {
    type: 'AWS::SSM::Parameter::Value<String>',
    default: parameterName,
    description: `${parameterName}, resolved by CloudFormation at deploy time`,
  });
  Validations.of(parameter).acknowledge({
    id: 'CloudFormation-Validate::W2001',
    reason: 'Published by infra for every stage; stacks that do not read the table stream leave it unused.',
  });
  return parameter.valueAsString;
}
