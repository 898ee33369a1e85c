import { type PutEventsEntry, putEventsEntrySize } from '@sfe/events';
import { describe, expect, it } from 'vitest';
import { chunkEntries } from './chunk-entries';

function entry(detailBytes: number, id = 0): PutEventsEntry {
  const detail = JSON.stringify({ id, pad: '' });
  return {
    EventBusName: 'bus',
    Source: 'sfe-test',
    DetailType: 'Thing',
    Detail: detail.replace('""', JSON.stringify('x'.repeat(Math.max(0, detailBytes - detail.length)))),
  };
}

describe('chunkEntries', () => {
  it('splits by count: at most 10 entries per request, in order', () => {
    const entries = Array.from({ length: 23 }, (_, i) => entry(50, i));
    const chunks = chunkEntries(entries);
    expect(chunks.map((c) => c.length)).toStrictEqual([10, 10, 3]);
    expect(chunks.flat()).toStrictEqual(entries.map((_, i) => i));
  });

  it('splits by size: a request never exceeds the byte limit, measured with AWS entry sizing', () => {
    const entries = Array.from({ length: 6 }, (_, i) => entry(400, i));
    const size = putEventsEntrySize(entries[0] as PutEventsEntry);
    const maxBytes = size * 2 + 1;
    const chunks = chunkEntries(entries, { maxBytes });
    expect(chunks).toStrictEqual([
      [0, 1],
      [2, 3],
      [4, 5],
    ]);
    for (const chunk of chunks) {
      const total = chunk.reduce((sum, i) => sum + putEventsEntrySize(entries[i] as PutEventsEntry), 0);
      expect(total).toBeLessThanOrEqual(maxBytes);
    }
  });

  it('counts a multi-byte character by its UTF-8 bytes', () => {
    const ascii = entry(100);
    const accented = { ...ascii, Detail: ascii.Detail.replace(/x/g, 'é') };
    const limit = putEventsEntrySize(ascii) * 2;
    expect(chunkEntries([ascii, ascii], { maxBytes: limit })).toStrictEqual([[0, 1]]);
    expect(chunkEntries([accented, accented], { maxBytes: limit })).toStrictEqual([[0], [1]]);
  });

  it('sends an entry over the limit alone, so only it is rejected', () => {
    const entries = [entry(100, 0), entry(5_000, 1), entry(100, 2)];
    expect(chunkEntries(entries, { maxBytes: 1_000 })).toStrictEqual([[0], [1], [2]]);
  });

  it('returns no chunk for no entries', () => {
    expect(chunkEntries([])).toStrictEqual([]);
  });
});
