import type { PutEventsEntry } from '@sfe/events';
import { describe, expect, it } from 'vitest';
import type { EventPublisher, FailedEntry } from '../adapters/event-publisher';
import { backoffDelay, publishEntries } from './publish-events';

const entries: PutEventsEntry[] = Array.from({ length: 12 }, (_, i) => ({
  EventBusName: 'bus',
  Source: 'sfe-test',
  DetailType: 'Thing',
  Detail: JSON.stringify({ n: i }),
}));

const numberOf = (entry: PutEventsEntry) => (JSON.parse(entry.Detail) as { n: number }).n;

/** A publisher that rejects an entry (by its `n`) for the first `times[n]` attempts. */
function flakyPublisher(times: Record<number, number>, errorCode = 'ThrottlingException') {
  const calls: number[][] = [];
  const publisher: EventPublisher = {
    async putEvents(batch) {
      calls.push(batch.map(numberOf));
      const failed: FailedEntry[] = [];
      batch.forEach((entry, index) => {
        const n = numberOf(entry);
        if ((times[n] ?? 0) > 0) {
          times[n] = (times[n] ?? 0) - 1;
          failed.push({ index, errorCode, errorMessage: `rejected ${n}` });
        }
      });
      return { failed };
    },
  };
  return { publisher, calls };
}

const noWait = () => {
  const sleeps: number[] = [];
  return { sleeps, sleep: async (ms: number) => void sleeps.push(ms) };
};

describe('publishEntries', () => {
  it('publishes everything in chunks of 10 when all is accepted', async () => {
    const { publisher, calls } = flakyPublisher({});
    const { sleep, sleeps } = noWait();
    const failures = await publishEntries(entries, { publisher, sleep, random: () => 0.5 });
    expect(failures).toStrictEqual([]);
    expect(calls).toStrictEqual([
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
      [10, 11],
    ]);
    expect(sleeps).toStrictEqual([]);
  });

  it('retries only the failed entries, with backoff, until they are accepted', async () => {
    const { publisher, calls } = flakyPublisher({ 3: 1, 11: 2 });
    const { sleep, sleeps } = noWait();
    const failures = await publishEntries(entries, { publisher, sleep, random: () => 0.5 });
    expect(failures).toStrictEqual([]);
    expect(calls.slice(2)).toStrictEqual([[3, 11], [11]]);
    // Full jitter over 100 ms, then 200 ms (random 0.5).
    expect(sleeps).toStrictEqual([50, 100]);
  });

  it('gives up after maxAttempts and reports what still failed, with the last error', async () => {
    const { publisher, calls } = flakyPublisher({ 5: 99 }, 'InternalException');
    const { sleep } = noWait();
    const failures = await publishEntries(entries, { publisher, sleep, random: () => 0, maxAttempts: 3 });
    expect(failures).toStrictEqual([
      { index: 5, errorCode: 'InternalException', errorMessage: 'rejected 5', attempts: 3 },
    ]);
    expect(calls.filter((c) => c.includes(5))).toHaveLength(3);
  });

  it('retries every entry of a request that threw, then succeeds', async () => {
    let thrown = 0;
    const published: number[] = [];
    const publisher: EventPublisher = {
      async putEvents(batch) {
        if (batch.some((e) => numberOf(e) === 10) && thrown++ === 0) {
          throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
        }
        published.push(...batch.map(numberOf));
        return { failed: [] };
      },
    };
    const { sleep } = noWait();
    const failures = await publishEntries(entries, { publisher, sleep, random: () => 0 });
    expect(failures).toStrictEqual([]);
    expect(published.sort((a, b) => a - b)).toStrictEqual(entries.map((_, i) => i));
  });

  it('reports a request that keeps throwing as failures of its entries, not as an exception', async () => {
    const publisher: EventPublisher = {
      putEvents: async () => {
        throw new Error('socket hang up');
      },
    };
    const { sleep } = noWait();
    const failures = await publishEntries(entries.slice(0, 2), {
      publisher,
      sleep,
      random: () => 0,
      maxAttempts: 2,
    });
    expect(failures).toStrictEqual([
      { index: 0, errorCode: 'Error', errorMessage: 'socket hang up', attempts: 2 },
      { index: 1, errorCode: 'Error', errorMessage: 'socket hang up', attempts: 2 },
    ]);
  });

  it('keeps at most `concurrency` requests in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const publisher: EventPublisher = {
      async putEvents() {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 1));
        inFlight--;
        return { failed: [] };
      },
    };
    const many = Array.from({ length: 100 }, (_, i) => ({
      ...(entries[0] as PutEventsEntry),
      Detail: `{"n":${i}}`,
    }));
    await publishEntries(many, { publisher, sleep: async () => {}, random: () => 0, concurrency: 3 });
    expect(peak).toBe(3);
  });
});

describe('backoffDelay', () => {
  it('grows exponentially up to the cap, scaled by the jitter', () => {
    const random = () => 0.999;
    const delays = [1, 2, 3, 4, 5, 6].map((attempt) => backoffDelay(attempt, { random }));
    expect(delays).toStrictEqual([99, 199, 399, 799, 1598, 1998]);
    expect(backoffDelay(3, { random: () => 0 })).toBe(0);
  });
});
