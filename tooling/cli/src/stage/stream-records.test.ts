import { describe, expect, it } from 'vitest';
import { describeKeys, toLambdaRecord } from './stream-records';

const STREAM_ARN =
  'arn:aws:dynamodb:eu-west-1:123456789012:table/sfe-dev-platform/stream/2026-11-01T09:00:00.000';

describe('toLambdaRecord', () => {
  it('reshapes a GetRecords record as Lambda delivers it: epoch seconds, base64 binaries, the stream ARN', () => {
    const record = toLambdaRecord(
      {
        eventID: 'e-1',
        eventName: 'MODIFY',
        eventVersion: '1.1',
        eventSource: 'aws:dynamodb',
        awsRegion: 'eu-west-1',
        dynamodb: {
          ApproximateCreationDateTime: new Date('2026-11-24T09:00:07Z'),
          Keys: { pk: { S: 'USER#u-1' }, sk: { S: 'PROFILE' } },
          NewImage: {
            pk: { S: 'USER#u-1' },
            avatar: { B: new Uint8Array([1, 2, 3]) },
            tags: { BS: [new Uint8Array([255])] },
            prefs: { M: { theme: { S: 'dark' }, seal: { B: new Uint8Array([0]) } } },
            history: { L: [{ N: '1' }, { B: new Uint8Array([9]) }] },
            active: { BOOL: true },
          },
          SequenceNumber: '4100000000001000000',
          SizeBytes: 120,
          StreamViewType: 'NEW_AND_OLD_IMAGES',
        },
      },
      STREAM_ARN,
    );
    expect(record).toStrictEqual({
      eventID: 'e-1',
      eventName: 'MODIFY',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'eu-west-1',
      dynamodb: {
        ApproximateCreationDateTime: 1795510807,
        Keys: { pk: { S: 'USER#u-1' }, sk: { S: 'PROFILE' } },
        NewImage: {
          pk: { S: 'USER#u-1' },
          avatar: { B: 'AQID' },
          tags: { BS: ['/w=='] },
          prefs: { M: { theme: { S: 'dark' }, seal: { B: 'AA==' } } },
          history: { L: [{ N: '1' }, { B: 'CQ==' }] },
          active: { BOOL: true },
        },
        SequenceNumber: '4100000000001000000',
        SizeBytes: 120,
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
      eventSourceARN: STREAM_ARN,
    });
    expect(describeKeys(record)).toBe('pk=USER#u-1 sk=PROFILE');
  });
});
