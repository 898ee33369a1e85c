import { fileURLToPath } from 'node:url';
import {
  bindPlatformApi,
  createEventConsumers,
  type EventConsumer,
  lookupPlatform,
  resourceName,
  ServiceTable,
} from '@sfe/cdk-constructs';
import { Stack, type StackProps } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { service } from '../src/service';

export interface ReportingStackProps extends StackProps {
  readonly stage: string;
}

/**
 * reporting-service: the reporting table it owns (counters and de-duplication markers) and one
 * `EventConsumer` per subscription whose function updates the counters.
 */
export class ReportingStack extends Stack {
  readonly table: ServiceTable;
  readonly consumers: EventConsumer[];

  constructor(scope: Construct, id: string, props: ReportingStackProps) {
    super(scope, id, props);
    const { stage } = props;
    const platform = lookupPlatform(this, stage);

    this.table = new ServiceTable(this, 'ReportingTable', {
      tableName: resourceName(stage, 'reporting'),
      retainedBecause: 'markers are kept: an archive replay months later must not count old events again',
    });

    this.consumers = createEventConsumers(this, {
      stage,
      service,
      platform,
      entry: fileURLToPath(new URL('../src/handler.ts', import.meta.url)),
      idempotencyTable: platform.idempotencyTable,
      configure: (consumer) => {
        // A count is one TransactWriteItems of a conditional Put (the marker) and Updates (the counters):
        // IAM authorizes each element by its own action, so these two are all it needs; no reads, no deletes.
        consumer.function.addToRolePolicy(
          new PolicyStatement({
            actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem'],
            resources: [this.table.tableArn],
          }),
        );
        consumer.function.addEnvironment(service.variable('REPORTING_TABLE_NAME'), this.table.tableName);
        // Revenue reads each payment's current state back (the light PaymentCompleted).
        bindPlatformApi(consumer.function, stage);
      },
    });
  }
}
