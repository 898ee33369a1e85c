import { CfnParameter, Fn } from 'aws-cdk-lib';
import { type ITable, Table } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus, type IEventBus } from 'aws-cdk-lib/aws-events';
import { Bucket, type IBucket } from 'aws-cdk-lib/aws-s3';
import { type ITopic, Topic } from 'aws-cdk-lib/aws-sns';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import { Construct, type IConstruct } from 'constructs';
import { platformParameterNames } from './platform-parameters';

/** The shared resources an app stack uses, imported from the values infra published in SSM. */
export interface Platform {
  /** The central custom bus `sfe-<stage>-bus`. */
  readonly bus: IEventBus;
  /** The account's default bus, where AWS services (S3, Transcribe, MediaConvert) send their events. */
  readonly defaultBus: IEventBus;
  /** The platform table, imported by name (no stream ARN: see `tableWithStream`). */
  readonly table: ITable;
  /**
   * The platform table imported from its stream ARN alone, for the CDC stream processor: its name is derived
   * from the ARN (`arn:...:table/<name>/stream/<label>`), so a stack reading the stream carries no name parameter.
   */
  readonly tableWithStream: ITable;
  /** The Powertools idempotency table (`id` key, `expiration` TTL). */
  readonly idempotencyTable: ITable;
  /** The claim-check bucket for payloads too large for EventBridge. */
  readonly claimCheckBucket: IBucket;
  /** The ops SNS topic every CloudWatch alarm notifies (`ServiceFunction` and `EventConsumer` alarms do). */
  readonly opsTopic: ITopic;
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
      // Either import serves for the name and ARN; the stream one, if made first, adds no parameter.
      return once(container, 'Table', () => Table.fromTableName(container, 'Table', read(names.tableName)));
    },
    get tableWithStream() {
      const existing = container.node.tryFindChild('Table') as ITable | undefined;
      if (existing?.tableStreamArn) return existing;
      // Its construct id is in the logical id of the stream's event source mapping: kept `Table` (as when one
      // import served both uses), since a new logical id replaces the mapping, which rereads the stream.
      const id = existing ? 'TableWithStream' : 'Table';
      return once(container, id, () => {
        const tableStreamArn = streamArnParameter(container, names.tableStreamArn);
        return Table.fromTableAttributes(container, id, {
          tableName: Fn.select(1, Fn.split('/', tableStreamArn)),
          tableStreamArn,
        });
      });
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
    get opsTopic() {
      return once(container, 'OpsTopic', () =>
        Topic.fromTopicArn(container, 'OpsTopic', read(names.opsTopicArn)),
      );
    },
  };
}

function once<T extends IConstruct>(container: Construct, id: string, create: () => T): T {
  return (container.node.tryFindChild(id) as T | undefined) ?? create();
}

/**
 * The stream ARN's template parameter, as `valueForStringParameter` would make it but under the id it has
 * always had: the stream processor's deployed stack references it by that logical id.
 */
function streamArnParameter(container: Construct, parameterName: string): string {
  return new CfnParameter(container, 'TableStreamArnParameter', {
    type: 'AWS::SSM::Parameter::Value<String>',
    default: parameterName,
    description: `${parameterName}, resolved by CloudFormation at deploy time`,
  }).valueAsString;
}
