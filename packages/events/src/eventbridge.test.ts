import { describe, expect, it } from 'vitest';
import { EVENTBRIDGE_MAX_ENTRY_BYTES, putEventsEntrySize, toPutEventsEntry } from './eventbridge';
import { loadFixture } from './fixtures';
import { parseEvent } from './parse-event';

describe('toPutEventsEntry', () => {
  it('maps source, type and the whole detail onto the entry', () => {
    const event = parseEvent(loadFixture('CourseCompleted'));
    const entry = toPutEventsEntry(event, 'sfe-platform-prod');
    expect(entry).toStrictEqual({
      EventBusName: 'sfe-platform-prod',
      Source: 'sfe-stream-processor',
      DetailType: 'CourseCompleted',
      Detail: JSON.stringify({ metadata: event.metadata, data: event.data }),
    });
    expect(JSON.parse(entry.Detail)).toStrictEqual(loadFixture('CourseCompleted').detail);
  });
});

// Worked examples, counted by hand with AWS's documented algorithm ("Calculating Amazon EventBridge PutEvents
// event entry size"): Time counts 14 bytes when present; Source, DetailType, Detail and each Resource count their
// UTF-8 bytes; EventBusName does not count.
describe('putEventsEntrySize', () => {
  it('counts Source + DetailType + Detail in bytes', () => {
    // 'sfe-test' 8 + 'Ping' 4 + '{"a":1}' 7
    expect(putEventsEntrySize({ Source: 'sfe-test', DetailType: 'Ping', Detail: '{"a":1}' })).toBe(19);
  });

  it('adds 14 bytes for Time and the bytes of each Resource', () => {
    // 19 as above + Time 14 + 'arn:aws:s3:::bucket' 19 + 'r2' 2
    expect(
      putEventsEntrySize({
        Source: 'sfe-test',
        DetailType: 'Ping',
        Detail: '{"a":1}',
        Time: new Date('2026-11-23T09:00:00Z'),
        Resources: ['arn:aws:s3:::bucket', 'r2'],
      }),
    ).toBe(54);
  });

  it('counts multi-byte UTF-8 characters by their bytes, not their UTF-16 length', () => {
    // 'sfe-café': 7 ASCII + é (2) = 9
    // 'CourseCompleted': 15
    // '{"t":"€🎓"}': 6 ASCII before, € (3), 🎓 (4), 2 ASCII after = 15 (its .length is 11)
    // 'arn:aws:s3:::ünï': 13 ASCII + ü (2) + n (1) + ï (2) = 18
    // Time: 14                                                          total 9 + 15 + 15 + 18 + 14 = 71
    expect(
      putEventsEntrySize({
        Source: 'sfe-café',
        DetailType: 'CourseCompleted',
        Detail: '{"t":"€🎓"}',
        Time: new Date('2026-11-23T09:00:00Z'),
        Resources: ['arn:aws:s3:::ünï'],
      }),
    ).toBe(71);
  });

  it('does not count the bus name', () => {
    const entry = { Source: 'sfe-test', DetailType: 'Ping', Detail: '{"a":1}' };
    expect(putEventsEntrySize({ ...entry, EventBusName: 'a-rather-long-bus-name' } as typeof entry)).toBe(19);
  });

  it('sizes a real entry as its source, type and UTF-8 detail', () => {
    const entry = toPutEventsEntry(parseEvent(loadFixture('CourseCompleted')), 'sfe-platform');
    const detailBytes = new TextEncoder().encode(entry.Detail).byteLength;
    expect(putEventsEntrySize(entry)).toBe(
      'sfe-stream-processor'.length + 'CourseCompleted'.length + detailBytes,
    );
  });

  it('states the limit as 1 MB', () => {
    expect(EVENTBRIDGE_MAX_ENTRY_BYTES).toBe(1024 * 1024);
  });
});
