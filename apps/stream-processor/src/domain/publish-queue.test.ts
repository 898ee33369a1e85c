import type { PutEventsEntry } from '@sfe/events';
import { describe, expect, it } from 'vitest';
import type { EventPublisher } from '../adapters/event-publisher';
import { createPublishQueue } from './publish-queue';

const entry = (n: number): PutEventsEntry => ({
  EventBusName: 'bus',
  Source: 'sfe-test',
  DetailType: 'Thing',
  Detail: `{"n":${n}}`,
});

describe('createPublishQueue', () => {
  it('publishes what callers enqueue in the same turn together, and gives each caller its own failures', async () => {
    const requests: string[][] = [];
    const publisher: EventPublisher = {
      async putEvents(batch) {
        requests.push(batch.map((e) => e.Detail));
        return {
          failed: batch.flatMap((e, index) =>
            e.Detail === '{"n":4}' ? [{ index, errorCode: 'X', errorMessage: 'no' }] : [],
          ),
        };
      },
    };
    const queue = createPublishQueue({ publisher, sleep: async () => {}, random: () => 0, maxAttempts: 1 });
    const results = await Promise.all([
      queue.publish([entry(1), entry(2)]),
      queue.publish([entry(3), entry(4)]),
      queue.publish([entry(5)]),
    ]);
    expect(requests).toStrictEqual([['{"n":1}', '{"n":2}', '{"n":3}', '{"n":4}', '{"n":5}']]);
    expect(results).toStrictEqual([[], [{ index: 1, errorCode: 'X', errorMessage: 'no', attempts: 1 }], []]);
  });

  it('starts a new request for entries enqueued after a flush', async () => {
    const requests: number[] = [];
    const publisher: EventPublisher = {
      putEvents: async (batch) => {
        requests.push(batch.length);
        return { failed: [] };
      },
    };
    const queue = createPublishQueue({ publisher, sleep: async () => {}, random: () => 0 });
    await queue.publish([entry(1)]);
    await queue.publish([entry(2), entry(3)]);
    expect(requests).toStrictEqual([1, 2]);
  });

  it('resolves at once for nothing to publish', async () => {
    const publisher: EventPublisher = {
      putEvents: async () => {
        throw new Error('must not be called');
      },
    };
    const queue = createPublishQueue({ publisher, sleep: async () => {}, random: () => 0 });
    expect(await queue.publish([])).toStrictEqual([]);
  });
});
