import type { ConsumerIdempotencyOptions } from './consumer-handler';
import type { LocalContext } from './local-context';
import { TableStorePersistenceLayer } from './table-store-persistence-layer';

/** The local runtime's table holding every service's idempotency records (keys are prefixed per service). */
export const LOCAL_IDEMPOTENCY_TABLE = 'idempotency';

/**
 * Idempotency for a service running in the local runtime: Powertools records in the runtime's durable store,
 * so a restarted runtime still remembers which events were handled.
 * @example createConsumerHandler({ ..., idempotency: localIdempotency(context) })
 */
export function localIdempotency(context: Pick<LocalContext, 'table'>): ConsumerIdempotencyOptions {
  return {
    persistenceStore: new TableStorePersistenceLayer({ store: context.table(LOCAL_IDEMPOTENCY_TABLE) }),
  };
}
