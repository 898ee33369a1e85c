import {
  IdempotencyItemAlreadyExistsError,
  IdempotencyItemNotFoundError,
  IdempotencyRecordStatus,
  PERSISTENCE_ATTRIBUTE_KEY_MAPPINGS,
} from '@aws-lambda-powertools/idempotency';
import { BasePersistenceLayer, IdempotencyRecord } from '@aws-lambda-powertools/idempotency/persistence';
import type { IdempotencyRecordStatusValue } from '@aws-lambda-powertools/idempotency/types';
import { ConditionFailedError, type Item, type ItemKey, type TableStore } from '@sfe/records';

export interface TableStorePersistenceLayerOptions {
  /** Where records live: `LocalContext.table('idempotency')` locally, a `MemoryTableStore` in tests. */
  readonly store: TableStore;
}

/** The sort key of every idempotency record: the partition key is the (prefixed, hashed) idempotency key. */
export const IDEMPOTENCY_RECORD_SK = 'IDEMPOTENCY';

const { statusAttr, expiryAttr, inProgressExpiryAttr, dataAttr, validationKeyAttr } =
  PERSISTENCE_ATTRIBUTE_KEY_MAPPINGS;

/**
 * Powertools idempotency records in a `TableStore`, so the local runtime's durable store (and tests'
 * `MemoryTableStore`) hold them with the semantics of `DynamoDBPersistenceLayer`: same attribute names,
 * consistent reads, and a put that succeeds only when no record exists, the record has expired, or it is
 * INPROGRESS past its in-progress expiry (a crashed or timed-out invocation).
 *
 * Hand-written because Powertools ships only DynamoDB and cache (Redis/Valkey) layers. `TableStore`
 * conditions are equalities, not DynamoDB's `<`, so the put is a compare-and-set: put if no record exists; if one
 * does, read it, decide as DynamoDB's condition would, then write on condition that it is still exactly what was
 * read.
 */
export class TableStorePersistenceLayer extends BasePersistenceLayer {
  readonly #store: TableStore;

  constructor(options: TableStorePersistenceLayerOptions) {
    super();
    this.#store = options.store;
  }

  protected async _getRecord(idempotencyKey: string): Promise<IdempotencyRecord> {
    const item = await this.#store.get(keyOf(idempotencyKey));
    if (!item) throw new IdempotencyItemNotFoundError();
    return toRecord(item);
  }

  protected async _putRecord(record: IdempotencyRecord): Promise<void> {
    const item: Item = {
      ...keyOf(record.idempotencyKey),
      [expiryAttr]: record.expiryTimestamp,
      [statusAttr]: record.getStatus(),
    };
    if (record.inProgressExpiryTimestamp !== undefined) {
      item[inProgressExpiryAttr] = record.inProgressExpiryTimestamp;
    }
    if (this.isPayloadValidationEnabled() && record.payloadHash !== undefined) {
      item[validationKeyAttr] = record.payloadHash;
    }
    // Most keys are new: put on condition that none exists (one write, no read first). Only when one does, read
    // it and replace it if DynamoDB's condition would.
    try {
      await this.#store.transact([{ kind: 'put', item, condition: { kind: 'notExists' } }]);
      return;
    } catch (error) {
      if (!(error instanceof ConditionFailedError)) throw error;
    }
    const existing = await this.#store.get(keyOf(record.idempotencyKey));
    if (existing && !isReplaceable(existing, Date.now())) throw alreadyExists(record, existing);
    try {
      await this.#store.transact([
        {
          kind: 'put',
          item,
          condition: existing
            ? { kind: 'attributesEqual', attributes: snapshotOf(existing) }
            : { kind: 'notExists' },
        },
      ]);
    } catch (error) {
      if (!(error instanceof ConditionFailedError)) throw error;
      // Another invocation wrote between our read and our write: it owns the key now.
      const winner = await this.#store.get(keyOf(record.idempotencyKey));
      throw alreadyExists(record, winner);
    }
  }

  protected async _updateRecord(record: IdempotencyRecord): Promise<void> {
    // Like DynamoDB's UpdateItem: unconditional, creating the item if it is gone.
    const set: Record<string, unknown> = {
      [expiryAttr]: record.expiryTimestamp,
      [statusAttr]: record.getStatus(),
    };
    if (record.responseData !== undefined) set[dataAttr] = record.responseData;
    if (this.isPayloadValidationEnabled()) set[validationKeyAttr] = record.payloadHash;
    await this.#store.transact([{ kind: 'update', key: keyOf(record.idempotencyKey), set }]);
  }

  protected async _deleteRecord(record: IdempotencyRecord): Promise<void> {
    await this.#store.transact([{ kind: 'delete', key: keyOf(record.idempotencyKey) }]);
  }
}

function keyOf(idempotencyKey: string): ItemKey {
  return { pk: idempotencyKey, sk: IDEMPOTENCY_RECORD_SK };
}

/** DynamoDBPersistenceLayer's put condition, evaluated on the stored item (`now` in milliseconds). */
function isReplaceable(item: Item, now: number): boolean {
  const expiry = item[expiryAttr];
  if (typeof expiry === 'number' && expiry < now / 1000) return true;
  const inProgressExpiry = item[inProgressExpiryAttr];
  return (
    item[statusAttr] === IdempotencyRecordStatus.INPROGRESS &&
    typeof inProgressExpiry === 'number' &&
    inProgressExpiry < now
  );
}

/** The attributes a replacing put must still find: each put changes at least one of them. */
function snapshotOf(item: Item): Record<string, unknown> {
  return {
    [statusAttr]: item[statusAttr],
    [expiryAttr]: item[expiryAttr],
    [inProgressExpiryAttr]: item[inProgressExpiryAttr],
  };
}

function toRecord(item: Item): IdempotencyRecord {
  return new IdempotencyRecord({
    idempotencyKey: item.pk,
    status: item[statusAttr] as IdempotencyRecordStatusValue,
    expiryTimestamp: item[expiryAttr] as number | undefined,
    inProgressExpiryTimestamp: item[inProgressExpiryAttr] as number | undefined,
    responseData: item[dataAttr] as IdempotencyRecord['responseData'],
    payloadHash: item[validationKeyAttr] as string | undefined,
  });
}

function alreadyExists(
  record: IdempotencyRecord,
  existing: Item | undefined,
): IdempotencyItemAlreadyExistsError {
  return new IdempotencyItemAlreadyExistsError(
    `Failed to put record for already existing idempotency key: ${record.idempotencyKey}`,
    existing && toRecord(existing),
  );
}
