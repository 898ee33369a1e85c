import { ConditionFailedError, type TableStore, type TableWrite } from '@sfe/records';

/**
 * Applies one event's counting writes as one transaction (DynamoDB TransactWriteItems in AWS): the marker
 * and the increments land together or not at all. A failed marker condition means the fact was counted
 * already (a redelivery, or the same fact under another event id): `duplicate`, not an error.
 */
export async function applyCount(
  store: TableStore,
  writes: readonly TableWrite[],
): Promise<'counted' | 'duplicate'> {
  try {
    await store.transact(writes);
    return 'counted';
  } catch (error) {
    if (error instanceof ConditionFailedError) return 'duplicate';
    throw error;
  }
}
