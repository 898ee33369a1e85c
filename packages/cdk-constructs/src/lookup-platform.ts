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
  // Each resource is imported on first use: a stack gets template parameters only for what it references
  // (an unreferenced parameter would still have to exist in SSM at deploy time, and CDK warns about it).
  return {
    get bus() {
      return once(container, 'Bus', () =>
        EventBus.fromEventBusAttributes(container, 'Bus', {
          eventBusName: read(names.busName),
          eventBusArn: read(names.busArn),
          eventBusPolicy: '',
        }),
      );
    },
    get defaultBus() {
      return once(container, 'DefaultBus', () =>
        EventBus.fromEventBusName(container, 'DefaultBus', 'default'),
      );
    },
    get table() {
      return once(container, 'Table', () =>
        Table.fromTableAttributes(container, 'Table', {
          tableArn: read(names.tableArn),
          tableStreamArn: read(names.tableStreamArn),
        }),
      );
    },
    get idempotencyTable() {
      return once(container, 'IdempotencyTable', () =>
        Table.fromTableAttributes(container, 'IdempotencyTable', {
          tableArn: read(names.idempotencyTableArn),
        }),
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
