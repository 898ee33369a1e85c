import { createHash } from 'node:crypto';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue, DynamoDBRecord } from 'aws-lambda';
import { LOCAL_REGION } from '../aws-identity';
import type { ChangeRow } from './change-log';

// DynamoDB sequence numbers are decimal strings that grow with each record of a shard; an offset keeps ours
// the same width as real ones for any realistic count, so they also sort as strings.
const SEQUENCE_OFFSET = 10n ** 20n;

export function toSequenceNumber(seq: bigint): string {
  return (SEQUENCE_OFFSET + seq).toString();
}

export function fromSequenceNumber(sequenceNumber: string): bigint | undefined {
  if (!/^\d+$/.test(sequenceNumber)) return undefined;
  const seq = BigInt(sequenceNumber) - SEQUENCE_OFFSET;
  return seq > 0n ? seq : undefined;
}

/**
 * A change as Lambda receives it from DynamoDB Streams with NEW_AND_OLD_IMAGES: AttributeValue images,
 * a sequence number, an eventID that stays the same on redelivery, the commit time in epoch seconds.
 */
export function toStreamRecord(change: ChangeRow, streamArn: string): DynamoDBRecord {
  const keys = marshallImage({ pk: change.key.pk, sk: change.key.sk });
  const newImage = change.newImage && marshallImage(change.newImage);
  const oldImage = change.oldImage && marshallImage(change.oldImage);
  const sequenceNumber = toSequenceNumber(change.seq);
  return {
    eventID: createHash('md5').update(`${streamArn}#${sequenceNumber}`).digest('hex'),
    eventName: change.eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: LOCAL_REGION,
    dynamodb: {
      ApproximateCreationDateTime: Math.floor(change.createdAt.getTime() / 1000),
      Keys: keys,
      ...(newImage ? { NewImage: newImage } : {}),
      ...(oldImage ? { OldImage: oldImage } : {}),
      SequenceNumber: sequenceNumber,
      // DynamoDB counts the key and image bytes; the JSON length is close enough for a local stand-in.
      SizeBytes: Buffer.byteLength(JSON.stringify([keys, newImage ?? null, oldImage ?? null]), 'utf8'),
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
    eventSourceARN: streamArn,
  };
}

function marshallImage(item: Record<string, unknown>): Record<string, AttributeValue> {
  return marshall(item, { removeUndefinedValues: true, convertEmptyValues: false }) as Record<
    string,
    AttributeValue
  >;
}
