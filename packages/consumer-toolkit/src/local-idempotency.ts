import type { LocalContext } from '@sfe/service-definition';
import type { ConsumerIdempotencyOptions } from './consumer-handler';
import { TableStorePersistenceLayer } from './table-store-persistence-layer';

/**
 * The local runtime's table holding every service's idempotency records (keys are prefixed per service): the
 * `IDEMPOTENCY_TABLE_NAME` services set in their `localSettings`.
 */
export const LOCAL_IDEMPOTENCY_TABLE = 'idempotency';

/**
 * Idempotency for a service running in the local runtime: Powertools records in the runtime's durable store,
 * so a restarted runtime still remembers which events were handled.
 * Like `awsIdempotency`, it reads the table's name from the config it is given.
 * @example createConsumerHandler({ ..., idempotency: localIdempotency(context, config.IDEMPOTENCY_TABLE_NAME) })
 */
export function localIdempotency(
  context: Pick<LocalContext, 'table'>,
  tableName: string,
): ConsumerIdempotencyOptions {
  return { persistenceStore: new TableStorePersistenceLayer({ store: context.table(tableName) }) };
}
