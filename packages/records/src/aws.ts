// The DynamoDB implementation: this subpath (`@sfe/records/aws`) calls DynamoDB; the package root never does.

// Types only, erased from the bundle (the SDK's client is a devDependency, for them and for tests).
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
// Marshalling is the SDK's own (`@aws-sdk/util-dynamodb`, ~5 KB of a bundle, no dependency on the client).
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { type AwsJsonClient, AwsServiceError, createAwsJsonClient, DYNAMODB } from '@sfe/aws-fetch';
import type { ItemKey } from './keys';
import {
  type Condition,
  ConditionFailedError,
  formatKey,
  type Item,
  keyOfWrite,
  type TableStore,
  type TableWrite,
  validateWrites,
  withoutUndefined,
} from './table-store';

export interface DynamoTableStoreOptions {
  readonly tableName: string;
  /**
   * DynamoDB's JSON API through `@sfe/aws-fetch` (default: `createAwsJsonClient(DYNAMODB, {})`, the function's
   * region and role): one signed request per call, without the SDK's DynamoDB client (see BENCHMARKS.md).
   */
  readonly client?: AwsJsonClient;
}

/** A DynamoDB item or key in its wire form (`{ "pk": { "S": "USER#u-1" } }`). */
type WireItem = Record<string, AttributeValue>;

/**
 * The platform table in DynamoDB (key attributes `pk` and `sk`). Reads are strongly consistent, so a service
 * that reads and then writes conditionally sees its own writes, as with the in-memory and local stores. One
 * write is one plain PutItem/UpdateItem/DeleteItem (half the cost of a transaction); several are one
 * TransactWriteItems. A failed condition throws `ConditionFailedError` either way. Items are the document
 * client's plain JSON values: marshalled and unmarshalled with the SDK's `util-dynamodb`, as lib-dynamodb does.
 */
export function createDynamoTableStore(options: DynamoTableStoreOptions): TableStore {
  const { tableName } = options;
  const client = options.client ?? createAwsJsonClient(DYNAMODB, {});
  return {
    async get(key) {
      const response = await client.call<{ Item?: WireItem }>('GetItem', {
        TableName: tableName,
        Key: marshall(keyOnly(key)),
        ConsistentRead: true,
      });
      return response.Item ? (unmarshall(response.Item) as Item) : undefined;
    },

    async query(pk, skPrefix = '') {
      // An empty string is not a valid key value in a key condition, so "all sort keys" omits begins_with.
      const input = {
        TableName: tableName,
        KeyConditionExpression: skPrefix ? '#pk = :pk AND begins_with(#sk, :sk)' : '#pk = :pk',
        ExpressionAttributeNames: skPrefix ? { '#pk': 'pk', '#sk': 'sk' } : { '#pk': 'pk' },
        ExpressionAttributeValues: marshall(skPrefix ? { ':pk': pk, ':sk': skPrefix } : { ':pk': pk }),
        ConsistentRead: true,
      };
      const items: Item[] = [];
      let startKey: WireItem | undefined;
      do {
        const page: { Items?: WireItem[]; LastEvaluatedKey?: WireItem } = await client.call('Query', {
          ...input,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        });
        for (const item of page.Items ?? []) items.push(unmarshall(item) as Item);
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      return items;
    },

    async transact(writes) {
      validateWrites(writes);
      const [only] = writes;
      if (!only) return;
      if (writes.length === 1) return writeOne(client, tableName, only);
      try {
        await client.call('TransactWriteItems', {
          TransactItems: writes.map((w) => toTransactItem(tableName, w)),
        });
      } catch (error) {
        const failed = conditionFailuresOf(error, writes);
        if (failed.length > 0) {
          throw new ConditionFailedError(`condition failed for ${failed.map(formatKey).join(', ')}`, {
            cause: error,
          });
        }
        throw error;
      }
    },
  };
}

async function writeOne(client: AwsJsonClient, tableName: string, write: TableWrite): Promise<void> {
  const item = toTransactItem(tableName, write);
  try {
    if ('Put' in item) await client.call('PutItem', item.Put);
    else if ('Update' in item) await client.call('UpdateItem', item.Update);
    else await client.call('DeleteItem', item.Delete);
  } catch (error) {
    if (error instanceof AwsServiceError && error.name === 'ConditionalCheckFailedException') {
      throw new ConditionFailedError(`condition failed for ${formatKey(keyOfWrite(write))}`, {
        cause: error,
      });
    }
    throw error;
  }
}

interface Expressions {
  ConditionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: WireItem;
}

type TransactItem =
  | { Put: { TableName: string; Item: WireItem } & Expressions }
  | { Update: { TableName: string; Key: WireItem; UpdateExpression: string } & Expressions }
  | { Delete: { TableName: string; Key: WireItem } & Expressions };

/** One write as a TransactWriteItems element (DynamoDB's wire form); its contents are also the plain call's input. */
function toTransactItem(tableName: string, write: TableWrite): TransactItem {
  const expression = new ExpressionBuilder();
  switch (write.kind) {
    case 'put': {
      const condition = expression.condition(write.condition);
      return {
        Put: {
          TableName: tableName,
          Item: marshall(withoutUndefined(write.item)),
          ...condition,
          ...expression.attributes(),
        },
      };
    }
    case 'delete': {
      const condition = expression.condition(write.condition);
      return {
        Delete: {
          TableName: tableName,
          Key: marshall(keyOnly(write.key)),
          ...condition,
          ...expression.attributes(),
        },
      };
    }
    case 'update': {
      const updateExpression = expression.update(write.set, write.remove ?? [], {});
      const condition = expression.condition(write.condition);
      return {
        Update: {
          TableName: tableName,
          Key: marshall(keyOnly(write.key)),
          UpdateExpression: updateExpression,
          ...condition,
          ...expression.attributes(),
        },
      };
    }
    case 'increment': {
      const updateExpression = expression.update(write.set ?? {}, [], write.add);
      return {
        Update: {
          TableName: tableName,
          Key: marshall(keyOnly(write.key)),
          UpdateExpression: updateExpression,
          ...expression.attributes(),
        },
      };
    }
  }
}

/**
 * Builds update and condition expressions with placeholders for every name and value, so attribute names that
 * are DynamoDB reserved words (`status`, `name`) need no special care.
 */
class ExpressionBuilder {
  private readonly names: Record<string, string> = {};
  private readonly values: Record<string, unknown> = {};

  /** `SET #s0 = :s0 REMOVE #r0 ADD #a0 :a0`; a `set` value of undefined becomes a REMOVE. */
  update(
    set: Readonly<Record<string, unknown>>,
    remove: readonly string[],
    add: Readonly<Record<string, number>>,
  ): string {
    const assigned = Object.entries(set).filter(([, value]) => value !== undefined);
    const removed = [...Object.keys(set).filter((name) => set[name] === undefined), ...remove];
    const clauses: string[] = [];
    if (assigned.length > 0) {
      const parts = assigned.map(
        ([name, value], i) => `${this.name(`#s${i}`, name)} = ${this.value(`:s${i}`, value)}`,
      );
      clauses.push(`SET ${parts.join(', ')}`);
    }
    if (removed.length > 0)
      clauses.push(`REMOVE ${removed.map((name, i) => this.name(`#r${i}`, name)).join(', ')}`);
    const added = Object.entries(add);
    if (added.length > 0) {
      const parts = added.map(([name, by], i) => `${this.name(`#a${i}`, name)} ${this.value(`:a${i}`, by)}`);
      clauses.push(`ADD ${parts.join(', ')}`);
    }
    return clauses.join(' ');
  }

  /** `{ ConditionExpression }` for a condition, or nothing when there is none. */
  condition(condition: Condition | undefined): { ConditionExpression?: string } {
    if (!condition) return {};
    switch (condition.kind) {
      case 'notExists':
        return { ConditionExpression: `attribute_not_exists(${this.name('#pk', 'pk')})` };
      case 'exists':
        return { ConditionExpression: `attribute_exists(${this.name('#pk', 'pk')})` };
      case 'attributesEqual': {
        const parts = Object.entries(condition.attributes).map(([name, expected], i) =>
          expected === undefined
            ? `attribute_not_exists(${this.name(`#c${i}`, name)})`
            : `${this.name(`#c${i}`, name)} = ${this.value(`:c${i}`, expected)}`,
        );
        return parts.length > 0 ? { ConditionExpression: parts.join(' AND ') } : {};
      }
    }
  }

  /** ExpressionAttributeNames/Values (marshalled), leaving out empty maps (DynamoDB rejects them). */
  attributes(): Pick<Expressions, 'ExpressionAttributeNames' | 'ExpressionAttributeValues'> {
    return {
      ...(Object.keys(this.names).length > 0 ? { ExpressionAttributeNames: this.names } : {}),
      ...(Object.keys(this.values).length > 0 ? { ExpressionAttributeValues: marshall(this.values) } : {}),
    };
  }

  private name(placeholder: string, name: string): string {
    this.names[placeholder] = name;
    return placeholder;
  }

  private value(placeholder: string, value: unknown): string {
    this.values[placeholder] = withoutUndefined(value);
    return placeholder;
  }
}

/** The keys of the writes whose condition failed, from a TransactionCanceledException's reasons (in order). */
function conditionFailuresOf(error: unknown, writes: readonly TableWrite[]): ItemKey[] {
  if (!(error instanceof AwsServiceError) || error.name !== 'TransactionCanceledException') return [];
  const reasons = error.details.CancellationReasons;
  if (!Array.isArray(reasons)) return [];
  return writes
    .filter((_, i) => (reasons[i] as { Code?: unknown } | undefined)?.Code === 'ConditionalCheckFailed')
    .map((write) => keyOfWrite(write));
}

function keyOnly(key: ItemKey): ItemKey {
  return { pk: key.pk, sk: key.sk };
}
