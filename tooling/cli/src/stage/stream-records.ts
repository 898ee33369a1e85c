import type { _Record, AttributeValue as SdkAttributeValue } from '@aws-sdk/client-dynamodb-streams';
import type { AttributeValue, DynamoDBRecord } from 'aws-lambda';
import { z } from 'zod';

/**
 * What Lambda sends to a DynamoDB stream mapping's on-failure destination (AWS's "invocation record"): where
 * the failed batch was, never its records. Only the fields recovery reads are checked; the rest pass through.
 */
export const FailedBatchPointerSchema = z.object({
  requestContext: z.object({ condition: z.string().optional() }).optional(),
  timestamp: z.string().optional(),
  DDBStreamBatchInfo: z.object({
    shardId: z.string().min(1),
    startSequenceNumber: z.string().regex(/^\d+$/, 'must be a sequence number'),
    endSequenceNumber: z.string().regex(/^\d+$/, 'must be a sequence number'),
    approximateArrivalOfFirstRecord: z.string().optional(),
    approximateArrivalOfLastRecord: z.string().optional(),
    batchSize: z.number().int().positive(),
    streamArn: z.string().startsWith('arn:'),
  }),
});
export type FailedBatchPointer = z.infer<typeof FailedBatchPointerSchema>;

/** A record's DynamoDB attribute value, as Lambda's JSON has it: binaries in base64. */
function toLambdaValue(value: SdkAttributeValue): AttributeValue {
  const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
  if (value.B !== undefined) return { B: base64(value.B) };
  if (value.BS !== undefined) return { BS: value.BS.map(base64) };
  if (value.M !== undefined) return { M: toLambdaImage(value.M) };
  if (value.L !== undefined) return { L: value.L.map(toLambdaValue) };
  // S, N, SS, NS, BOOL, NULL are the same on both sides.
  return value as AttributeValue;
}

function toLambdaImage(image: Record<string, SdkAttributeValue>): Record<string, AttributeValue> {
  return Object.fromEntries(Object.entries(image).map(([name, value]) => [name, toLambdaValue(value)]));
}

/**
 * A record as `GetRecords` returns it (SDK v3: a `Date`, binaries as bytes), reshaped as the Lambda event
 * source mapping delivers it (epoch seconds, base64 binaries, `eventSourceARN`), so the stream processor's
 * handler sees exactly what the function saw.
 */
export function toLambdaRecord(record: _Record, streamArn: string): DynamoDBRecord {
  const { ApproximateCreationDateTime, Keys, NewImage, OldImage, ...stream } = record.dynamodb ?? {};
  return {
    ...(record.eventID === undefined ? {} : { eventID: record.eventID }),
    ...(record.eventName === undefined ? {} : { eventName: record.eventName }),
    ...(record.eventVersion === undefined ? {} : { eventVersion: record.eventVersion }),
    ...(record.eventSource === undefined ? {} : { eventSource: record.eventSource }),
    ...(record.awsRegion === undefined ? {} : { awsRegion: record.awsRegion }),
    dynamodb: {
      ...(ApproximateCreationDateTime === undefined
        ? {}
        : { ApproximateCreationDateTime: ApproximateCreationDateTime.getTime() / 1000 }),
      ...(Keys ? { Keys: toLambdaImage(Keys) } : {}),
      ...(NewImage ? { NewImage: toLambdaImage(NewImage) } : {}),
      ...(OldImage ? { OldImage: toLambdaImage(OldImage) } : {}),
      ...stream,
    },
    eventSourceARN: streamArn,
    ...(record.userIdentity
      ? { userIdentity: { type: record.userIdentity.Type, principalId: record.userIdentity.PrincipalId } }
      : {}),
  };
}

/** An item's key for reports: `pk=USER#u-1 sk=PROFILE`. */
export function describeKeys(record: DynamoDBRecord): string {
  const keys = record.dynamodb?.Keys ?? {};
  return Object.keys(keys)
    .sort()
    .map((name) => {
      const value = keys[name];
      return `${name}=${value?.S ?? value?.N ?? JSON.stringify(value)}`;
    })
    .join(' ');
}
