import {
  IdempotencyItemAlreadyExistsError,
  IdempotencyItemNotFoundError,
  IdempotencyRecordStatus,
  PERSISTENCE_ATTRIBUTE_KEY_MAPPINGS,
} from '@aws-lambda-powertools/idempotency';
import { BasePersistenceLayer, IdempotencyRecord } from '@aws-lambda-powertools/idempotency/persistence';
import type { IdempotencyRecordStatusValue } from '@aws-lambda-powertools/idempotency/types';
// Types only, erased from the bundle (the SDK's client is a devDependency, for them and for tests).
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
// The SDK's own marshalling (~5 KB of a bundle; it does not pull in the DynamoDB client).
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { type AwsJsonClient, AwsServiceError, createAwsJsonClient, DYNAMODB } from '@sfe/aws-fetch';
import type { ConsumerIdempotencyOptions } from './consumer-handler';

export interface AwsIdempotencyOptions {
  /** The table the stack created: the service's validated `IDEMPOTENCY_TABLE_NAME`. */
  readonly tableName: string;
  /** DynamoDB's JSON API (default: `createAwsJsonClient(DYNAMODB, {})`, the function's region and role). */
  readonly client?: AwsJsonClient;
}

/**
 * Idempotency in AWS: Powertools idempotency records in the table the stack created (partition key `id`, TTL
 * on `expiration`), through `DynamoDbFetchPersistenceLayer`.
 * It reads no environment: the service's config (validated once) gives the table's name.
 * @example createHandler({ idempotency: awsIdempotency({ tableName: config.IDEMPOTENCY_TABLE_NAME }), ... })
 */
export function awsIdempotency(options: AwsIdempotencyOptions): ConsumerIdempotencyOptions {
  return { persistenceStore: new DynamoDbFetchPersistenceLayer(options) };
}

const { statusAttr, expiryAttr, inProgressExpiryAttr, dataAttr, validationKeyAttr } =
  PERSISTENCE_ATTRIBUTE_KEY_MAPPINGS;
const KEY_ATTR = 'id';

/** A DynamoDB item in its wire form (`{ "id": { "S": "..." } }`). */
type WireItem = Record<string, AttributeValue>;

/**
 * Powertools' `DynamoDBPersistenceLayer` (its default attribute names, partition key `id`, no sort key) on
 * `@sfe/aws-fetch` instead of the SDK's DynamoDB client, which with its smithy runtime was ~200-250 KB of every
 * consumer's bundle (see BENCHMARKS.md, cold starts). Hand-written because Powertools' layer accepts only an SDK
 * client; it sends the very requests Powertools sends (GetItem with a consistent read, a conditional PutItem
 * returning the old item when its condition fails, UpdateItem, DeleteItem: tested request by request against
 * Powertools' own layer), and maps a failed condition as it does, to `IdempotencyItemAlreadyExistsError`
 * carrying the existing record.
 */
export class DynamoDbFetchPersistenceLayer extends BasePersistenceLayer {
  readonly #tableName: string;
  readonly #client: AwsJsonClient;

  constructor(options: AwsIdempotencyOptions) {
    super();
    this.#tableName = options.tableName;
    this.#client = options.client ?? createAwsJsonClient(DYNAMODB, {});
  }

  protected async _getRecord(idempotencyKey: string): Promise<IdempotencyRecord> {
    const result = await this.#client.call<{ Item?: WireItem }>('GetItem', {
      TableName: this.#tableName,
      Key: keyOf(idempotencyKey),
      ConsistentRead: true,
    });
    if (!result.Item) throw new IdempotencyItemNotFoundError();
    return toRecord(result.Item);
  }

  protected async _putRecord(record: IdempotencyRecord): Promise<void> {
    const item: WireItem = {
      ...keyOf(record.idempotencyKey),
      ...marshall({ [expiryAttr]: record.expiryTimestamp, [statusAttr]: record.getStatus() }),
    };
    if (record.inProgressExpiryTimestamp !== undefined) {
      item[inProgressExpiryAttr] = { N: record.inProgressExpiryTimestamp.toString() };
    }
    if (this.isPayloadValidationEnabled() && record.payloadHash !== undefined) {
      item[validationKeyAttr] = { S: record.payloadHash };
    }
    // Powertools' condition: no record yet, or it has expired, or it is INPROGRESS past its in-progress expiry
    // (a crashed or timed-out invocation).
    const now = Date.now();
    try {
      await this.#client.call('PutItem', {
        TableName: this.#tableName,
        Item: item,
        ExpressionAttributeNames: {
          '#id': KEY_ATTR,
          '#expiry': expiryAttr,
          '#in_progress_expiry': inProgressExpiryAttr,
          '#status': statusAttr,
        },
        ExpressionAttributeValues: marshall({
          ':now': now / 1000,
          ':now_in_millis': now,
          ':inprogress': IdempotencyRecordStatus.INPROGRESS,
        }),
        ConditionExpression:
          'attribute_not_exists(#id) OR #expiry < :now OR (#status = :inprogress AND attribute_exists(#in_progress_expiry) AND #in_progress_expiry < :now_in_millis)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      });
    } catch (error) {
      if (!(error instanceof AwsServiceError) || error.name !== 'ConditionalCheckFailedException')
        throw error;
      const existing = error.details.Item as WireItem | undefined;
      throw new IdempotencyItemAlreadyExistsError(
        `Failed to put record for already existing idempotency key: ${record.idempotencyKey}`,
        existing && toRecord(existing),
      );
    }
  }

  protected async _updateRecord(record: IdempotencyRecord): Promise<void> {
    const fields = ['#expiry = :expiry', '#status = :status'];
    const names: Record<string, string> = { '#expiry': expiryAttr, '#status': statusAttr };
    const values: Record<string, unknown> = {
      ':expiry': record.expiryTimestamp,
      ':status': record.getStatus(),
    };
    if (record.responseData !== undefined) {
      fields.push('#response_data = :response_data');
      names['#response_data'] = dataAttr;
      values[':response_data'] = record.responseData;
    }
    if (this.isPayloadValidationEnabled()) {
      fields.push('#validation_key = :validation_key');
      names['#validation_key'] = validationKeyAttr;
      values[':validation_key'] = record.payloadHash;
    }
    await this.#client.call('UpdateItem', {
      TableName: this.#tableName,
      Key: keyOf(record.idempotencyKey),
      UpdateExpression: `SET ${fields.join(', ')}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: marshall(values),
    });
  }

  protected async _deleteRecord(record: IdempotencyRecord): Promise<void> {
    await this.#client.call('DeleteItem', { TableName: this.#tableName, Key: keyOf(record.idempotencyKey) });
  }
}

function keyOf(idempotencyKey: string): WireItem {
  return marshall({ [KEY_ATTR]: idempotencyKey });
}

function toRecord(wire: WireItem): IdempotencyRecord {
  const item = unmarshall(wire);
  return new IdempotencyRecord({
    idempotencyKey: item[KEY_ATTR],
    status: item[statusAttr] as IdempotencyRecordStatusValue,
    expiryTimestamp: item[expiryAttr],
    inProgressExpiryTimestamp: item[inProgressExpiryAttr],
    responseData: item[dataAttr],
    payloadHash: item[validationKeyAttr],
  });
}
