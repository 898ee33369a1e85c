import { describe, expect, it } from 'vitest';
import { explainPattern } from './explain-pattern';

const event = {
  id: '1',
  account: '000000000000',
  source: 'sfe-stream-processor',
  time: '2026-11-23T10:00:00Z',
  region: 'us-east-1',
  resources: [],
  'detail-type': 'CourseCompleted',
  detail: {
    metadata: { version: 1 },
    data: {
      items: [
        { sku: 'a', qty: 1 },
        { sku: 'b', qty: 2 },
      ],
    },
  },
};

describe('explainPattern', () => {
  it('says which field failed and what the event had there', () => {
    expect(
      explainPattern(
        {
          source: [{ prefix: 'sfe-' }],
          'detail-type': ['CourseCompleted'],
          detail: { metadata: { version: [2] } },
        },
        event,
      ),
    ).toStrictEqual({
      matched: false,
      fields: [{ field: 'detail.metadata.version', matched: false, text: '1 does not match [2]' }],
    });
  });

  it('lists every field and what satisfied it when the event matches', () => {
    expect(
      explainPattern({ 'detail-type': ['CourseCompleted'], detail: { missing: [{ exists: false }] } }, event),
    ).toStrictEqual({
      matched: true,
      fields: [
        { field: 'detail-type', matched: true, text: '"CourseCompleted" matches ["CourseCompleted"]' },
        { field: 'detail.missing', matched: true, text: 'absent, which matches [{"exists":false}]' },
      ],
    });
  });

  it('explains $or alternative by alternative', () => {
    expect(
      explainPattern(
        { $or: [{ 'detail-type': ['UserSignedUp'] }, { source: ['aws.s3'] }] },
        JSON.stringify(event),
      ),
    ).toStrictEqual({
      matched: false,
      fields: [
        {
          field: '$or',
          matched: false,
          text: 'no alternative matches: (1) detail-type: "CourseCompleted" does not match ["UserSignedUp"] (2) source: "sfe-stream-processor" does not match ["aws.s3"]',
        },
      ],
    });
  });

  it('names array consistency when each field matches alone but not together', () => {
    expect(explainPattern({ detail: { data: { items: { sku: ['a'], qty: [2] } } } }, event)).toStrictEqual({
      matched: false,
      fields: [
        {
          field: 'detail.data.items.sku, detail.data.items.qty',
          matched: false,
          text: 'each field matches on its own, but not with values from the same element of an array',
        },
      ],
    });
  });
});
