import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, Billing, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';

export interface ServiceTableProps {
  /** The physical name (`resourceName(stage, ...)`). */
  readonly tableName: string;
  /**
   * Why the table outlives its stack; required, so each service says it. The removal policy is always
   * `RETAIN`: a service's own records (markers, suppressions) are what keeps redelivery and replay safe.
   */
  readonly retainedBecause: string;
}

/**
 * A consumer service's own DynamoDB table, as `TableStore` reads it: string `pk` and `sk`, on-demand billing,
 * encrypted with the AWS-managed key, point-in-time recovery on, retained when its stack is deleted. A subclass
 * of `TableV2`, so its logical id is the id you give.
 *
 * @example
 * new ServiceTable(this, 'ReportingTable', {
 *   tableName: resourceName(stage, 'reporting'),
 *   retainedBecause: 'markers are kept: an archive replay months later must not count old events again',
 * });
 */
export class ServiceTable extends TableV2 {
  readonly retainedBecause: string;

  constructor(scope: Construct, id: string, props: ServiceTableProps) {
    super(scope, id, {
      tableName: props.tableName,
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      sortKey: { name: 'sk', type: AttributeType.STRING },
      billing: Billing.onDemand(),
      encryption: TableEncryptionV2.awsManagedKey(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    if (!props.retainedBecause.trim())
      throw new Error('ServiceTable: retainedBecause must say why the table is retained');
    this.retainedBecause = props.retainedBecause;
  }
}
