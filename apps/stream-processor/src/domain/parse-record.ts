import { unmarshall } from '@aws-sdk/util-dynamodb';
import { ENTITY_TYPES, type EntityType, type PlatformItem, PlatformItemSchema } from '@sfe/records';
import type { DynamoDBRecord } from 'aws-lambda';
import type * as z from 'zod/mini';
import { MalformedRecordError } from './errors';

/** One committed change to one item of the platform table, unmarshalled and validated. */
export interface ItemChange {
  readonly eventID: string;
  readonly eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  readonly entityType: EntityType;
  /** When DynamoDB committed the change (ISO): the `created` of every event derived from it. */
  readonly changedAt: string;
  /**
   * The item before the change (MODIFY only; a REMOVE's old image is never read), unmarshalled but not
   * validated: see `parseStreamRecord`.
   */
  readonly oldItem?: PreviousItem;
  /** The item after the change (INSERT and MODIFY). */
  readonly newItem?: PlatformItem;
  /** A REMOVE made by DynamoDB's Time to Live process rather than by the application. */
  readonly removedByTtl: boolean;
}

/** An old image: its attributes, unvalidated (values may be of any type). */
export type PreviousItem = Readonly<Record<string, unknown>>;

export interface ParseOptions {
  /**
   * Unmarshal only these attributes of a MODIFY's old image (and its entityType): the fields transitions
   * compare. Default: all of them.
   */
  readonly previousFields?: readonly string[];
}

/** What a stream record turned out to be. */
export type ParsedRecord =
  | { readonly kind: 'change'; readonly change: ItemChange }
  | { readonly kind: 'unknown-entity'; readonly eventID: string; readonly entityType: string };

const KNOWN_ENTITY_TYPES: ReadonlySet<string> = new Set(ENTITY_TYPES);
const EVENT_NAMES: ReadonlySet<string> = new Set(['INSERT', 'MODIFY', 'REMOVE']);

/**
 * Unmarshals a DynamoDB Streams record and validates its new image against the table's item schemas.
 * Throws `MalformedRecordError` (naming the record and what is wrong) when it can never be processed.
 *
 * The old image of a MODIFY is not schema-validated, only checked to be the same entity type: it was the new
 * image of an earlier record, validated then (or dead-lettered); transitions read one or two of its fields and
 * compare them with literals; and rejecting it would dead-letter the very change that repairs a bad item.
 * Skipping it also halves the validation cost of a MODIFY (see BENCHMARKS.md).
 */
export function parseStreamRecord(record: DynamoDBRecord, options: ParseOptions = {}): ParsedRecord {
  const eventID = record.eventID;
  if (!eventID) throw new MalformedRecordError('stream record has no eventID');
  const stream = record.dynamodb;
  const eventName = record.eventName;
  if (!eventName || !EVENT_NAMES.has(eventName)) {
    throw new MalformedRecordError(
      `record ${eventID}: eventName "${String(eventName)}" is not INSERT, MODIFY or REMOVE`,
    );
  }
  if (!stream) throw new MalformedRecordError(`record ${eventID}: has no dynamodb section`);
  const changedAt = commitTime(eventID, stream.ApproximateCreationDateTime);

  const image = eventName === 'REMOVE' ? stream.OldImage : stream.NewImage;
  const imageName = eventName === 'REMOVE' ? 'OldImage' : 'NewImage';
  if (!image) {
    throw new MalformedRecordError(
      `record ${eventID}: ${eventName} has no ${imageName} (the stream must use NEW_AND_OLD_IMAGES)`,
    );
  }
  const raw = unmarshallImage(eventID, imageName, image);
  const entityType = raw.entityType;
  if (typeof entityType !== 'string') {
    throw new MalformedRecordError(`record ${eventID}: ${imageName} has no entityType`);
  }
  if (!KNOWN_ENTITY_TYPES.has(entityType)) return { kind: 'unknown-entity', eventID, entityType };

  const known = { eventID, eventName, entityType: entityType as EntityType, changedAt };
  if (eventName === 'REMOVE') return changeOf(known, undefined, undefined, isTtlDelete(record));
  const newItem = validateItem(eventID, imageName, raw);
  if (eventName === 'INSERT') return changeOf(known, undefined, newItem, false);

  if (!stream.OldImage) {
    throw new MalformedRecordError(
      `record ${eventID}: MODIFY has no OldImage (the stream must use NEW_AND_OLD_IMAGES)`,
    );
  }
  const oldImage = options.previousFields ? pick(stream.OldImage, options.previousFields) : stream.OldImage;
  const oldItem = unmarshallImage(eventID, 'OldImage', oldImage);
  if (oldItem.entityType !== newItem.entityType) {
    throw new MalformedRecordError(
      `record ${eventID}: entityType changed from ${String(oldItem.entityType)} to ${newItem.entityType}`,
    );
  }
  return changeOf(known, oldItem, newItem, false);
}

// Every change is built with the same fields in the same order: one object shape keeps V8 on its fast path.
function changeOf(
  known: Pick<ItemChange, 'eventID' | 'eventName' | 'entityType' | 'changedAt'>,
  oldItem: PreviousItem | undefined,
  newItem: PlatformItem | undefined,
  removedByTtl: boolean,
): ParsedRecord {
  const { eventID, eventName, entityType, changedAt } = known;
  return {
    kind: 'change',
    change: { eventID, eventName, entityType, changedAt, oldItem, newItem, removedByTtl },
  };
}

// Records of one batch mostly share their second: remembering the last conversion skips most Date work.
let lastCommitTime = { approximate: Number.NaN, iso: '' };

/**
 * DynamoDB Streams stamps whole epoch seconds; Kinesis-delivered and some emulated records use
 * milliseconds. A seconds value above 1e11 would be past the year 5000, so larger values are milliseconds.
 */
function commitTime(eventID: string, approximate: number | undefined): string {
  if (approximate === lastCommitTime.approximate) return lastCommitTime.iso;
  if (typeof approximate !== 'number' || !Number.isFinite(approximate) || approximate <= 0) {
    throw new MalformedRecordError(
      `record ${eventID}: dynamodb.ApproximateCreationDateTime is missing or invalid`,
    );
  }
  const millis = approximate > 1e11 ? approximate : approximate * 1000;
  lastCommitTime = { approximate, iso: new Date(Math.floor(millis)).toISOString() };
  return lastCommitTime.iso;
}

type Image = NonNullable<NonNullable<DynamoDBRecord['dynamodb']>['NewImage']>;

function pick(image: Image, fields: readonly string[]): Image {
  const picked: Image = {};
  for (const field of ['entityType', ...fields]) {
    const value = image[field];
    if (value !== undefined) picked[field] = value;
  }
  return picked;
}

function unmarshallImage(eventID: string, imageName: string, image: Image): Record<string, unknown> {
  try {
    // aws-lambda's AttributeValue and the SDK's describe the same wire shape.
    return unmarshall(image as Parameters<typeof unmarshall>[0]);
  } catch (error) {
    throw new MalformedRecordError(
      `record ${eventID}: ${imageName} does not unmarshal: ${(error as Error).message}`,
    );
  }
}

function validateItem(eventID: string, imageName: string, raw: Record<string, unknown>): PlatformItem {
  const result = PlatformItemSchema.safeParse(raw);
  if (result.success) return result.data;
  throw new MalformedRecordError(
    `record ${eventID}: ${imageName} is not a valid ${String(raw.entityType)} item: ${describeIssues(result.error)}`,
  );
}

/** `path: message` for every issue, so the dead letter says exactly what to fix. */
export function describeIssues(error: z.core.$ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
}

// AWS marks deletes made by Time to Live with this service identity.
function isTtlDelete(record: DynamoDBRecord): boolean {
  const identity = record.userIdentity as { type?: unknown; principalId?: unknown } | undefined;
  return identity?.type === 'Service' && identity.principalId === 'dynamodb.amazonaws.com';
}
