import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { QueueStore } from '../queues/queue-store';
import { type LocalStore, openLocalStore } from '../store/local-store';
import { EventBridgeApiError } from './errors';
import { type BusRule, LocalEventBus } from './event-bus';
import { testEventPattern } from './test-event-pattern';

const NOW = new Date('2026-11-23T10:00:00.250Z');
let store: LocalStore;
let queues: QueueStore;
let routed: string[];
let bus: LocalEventBus;
const rules: BusRule[] = [
  {
    bus: 'platform',
    name: 'certs-course-completed',
    pattern: { 'detail-type': ['CourseCompleted'] },
    queue: 'certs-q',
  },
  { bus: 'platform', name: 'all-sfe', pattern: { source: [{ prefix: 'sfe-' }] }, queue: 'all-q' },
  { bus: 'default', name: 'uploads', pattern: { source: ['aws.s3'] }, queue: 'uploads-q' },
];

beforeAll(async () => {
  store = await openLocalStore({ inMemory: true });
  queues = new QueueStore(store.db, () => NOW);
});
afterAll(() => store.close());
beforeEach(async () => {
  await store.db.exec('truncate messages; truncate archive');
  routed = [];
  bus = new LocalEventBus({
    db: store.db,
    queues,
    rules,
    aliases: { 'sfe-dev-bus': 'platform' },
    now: () => NOW,
    observer: {
      routed: (b, event, matched) =>
        routed.push(`${b}:${event['detail-type']}→${matched.map((r) => r.queue).join(',')}`),
    },
  });
});

const entry = (overrides: Record<string, unknown> = {}) => ({
  EventBusName: 'platform',
  Source: 'sfe-stream-processor',
  DetailType: 'CourseCompleted',
  Detail: JSON.stringify({ metadata: { id: 'e-1' }, data: { n: 1 } }),
  ...overrides,
});

describe('LocalEventBus', () => {
  it('wraps an entry as EventBridge delivers it, archives it and puts it in every matching queue', async () => {
    const response = await bus.putEvents([entry({ Resources: ['arn:x'] })]);
    const id = (response.Entries[0] as { EventId: string }).EventId;
    expect(response).toStrictEqual({ FailedEntryCount: 0, Entries: [{ EventId: id }] });
    const expected = {
      version: '0',
      id,
      'detail-type': 'CourseCompleted',
      source: 'sfe-stream-processor',
      account: '000000000000',
      time: '2026-11-23T10:00:00Z',
      region: 'us-east-1',
      resources: ['arn:x'],
      detail: { metadata: { id: 'e-1' }, data: { n: 1 } },
    };
    expect((await queues.list('certs-q')).map((m) => JSON.parse(m.body))).toStrictEqual([expected]);
    expect((await queues.list('all-q')).map((m) => JSON.parse(m.body))).toStrictEqual([expected]);
    expect(await queues.list('uploads-q')).toStrictEqual([]);
    const archive = await store.db.query('select bus, event_id, event from archive');
    expect(archive.rows).toStrictEqual([{ bus: 'platform', event_id: id, event: expected }]);
    expect(routed).toStrictEqual(['platform:CourseCompleted→certs-q,all-q']);
  });

  it('routes by bus: the default bus (no name, or its ARN) has its own rules', async () => {
    await bus.putEvents([
      entry({ EventBusName: undefined, Source: 'aws.s3', DetailType: 'Object Created', Detail: '{}' }),
      entry({ EventBusName: 'arn:aws:events:us-east-1:000000000000:event-bus/default', Source: 'sfe-x' }),
    ]);
    expect(routed).toStrictEqual(['default:Object Created→uploads-q', 'default:CourseCompleted→']);
  });

  it("answers to an alias (the deployed stage's bus), alone or in an ARN, as the bus it stands for", async () => {
    const response = await bus.putEvents([
      entry({ EventBusName: 'sfe-dev-bus' }),
      entry({ EventBusName: 'arn:aws:events:eu-west-1:123456789012:event-bus/sfe-dev-bus' }),
      entry({ EventBusName: 'sfe-prod-bus' }),
    ]);
    expect(response.FailedEntryCount).toBe(1);
    expect(response.Entries[2]).toStrictEqual({
      ErrorCode: 'ResourceNotFoundException',
      ErrorMessage: 'Event bus sfe-prod-bus does not exist.',
    });
    expect(routed).toStrictEqual([
      'platform:CourseCompleted→certs-q,all-q',
      'platform:CourseCompleted→certs-q,all-q',
    ]);
    const archive = await store.db.query<{ bus: string }>('select bus from archive');
    expect(archive.rows).toStrictEqual([{ bus: 'platform' }, { bus: 'platform' }]);
  });

  it('reports invalid entries one by one, as AWS does, and accepts the others', async () => {
    const response = await bus.putEvents([
      entry({ Source: undefined }),
      entry({ DetailType: '' }),
      entry({ Detail: undefined }),
      entry({ Detail: '[1]' }),
      entry({ Detail: '{not json' }),
      entry({ EventBusName: 'nope' }),
      entry({ Time: 1_790_000_000.5 }),
    ]);
    expect(response.FailedEntryCount).toBe(6);
    expect(response.Entries.slice(0, 6)).toStrictEqual([
      {
        ErrorCode: 'InvalidArgument',
        ErrorMessage: 'Parameter Source is not valid. Reason: Source is a required argument.',
      },
      {
        ErrorCode: 'InvalidArgument',
        ErrorMessage: 'Parameter DetailType is not valid. Reason: DetailType is a required argument.',
      },
      {
        ErrorCode: 'InvalidArgument',
        ErrorMessage: 'Parameter Detail is not valid. Reason: Detail is a required argument.',
      },
      { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' },
      { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' },
      { ErrorCode: 'ResourceNotFoundException', ErrorMessage: 'Event bus nope does not exist.' },
    ]);
    const [accepted] = await queues.list('certs-q');
    expect(JSON.parse(accepted?.body ?? '{}').time).toBe('2026-09-21T14:13:20Z');
  });

  it('refuses a whole request of more than 10 entries or over the size limit', async () => {
    await expect(bus.putEvents(Array.from({ length: 11 }, () => entry()))).rejects.toThrow(
      EventBridgeApiError,
    );
    await expect(bus.putEvents([])).rejects.toMatchObject({ type: 'ValidationException' });
    const big = JSON.stringify({ data: 'x'.repeat(1_048_576) });
    await expect(bus.putEvents([entry({ Detail: big })])).rejects.toMatchObject({
      type: 'ValidationException',
      message: 'Total size of the entries in the request is over the limit.',
    });
    expect(await queues.depths()).toStrictEqual([]);
  });

  it('replays archived events of a time range to the matching rules, marked with replay-name, without re-archiving', async () => {
    await bus.putEvents([
      entry({ Time: new Date('2026-11-23T09:00:00Z') }),
      entry({ Time: new Date('2026-11-23T11:00:00Z') }),
    ]);
    await store.db.exec('truncate messages');
    const result = await bus.replay({
      from: new Date('2026-11-23T08:00:00Z'),
      to: new Date('2026-11-23T10:00:00Z'),
    });
    expect(result).toStrictEqual({ replayName: 'replay-20261123100000', events: 1 });
    const replayed = (await queues.list('certs-q')).map((m) => JSON.parse(m.body));
    expect(replayed.map((event) => [event.time, event['replay-name']])).toStrictEqual([
      ['2026-11-23T09:00:00Z', 'replay-20261123100000'],
    ]);
    expect((await store.db.query<{ n: number }>('select count(*)::int as n from archive')).rows[0]?.n).toBe(
      2,
    );
  });
});

describe('LocalEventBus replay of a large range', () => {
  it('sends every event once, in archive order, a page at a time, reporting progress after each page', async () => {
    const count = 1_203;
    for (let start = 0; start < count; start += 10) {
      await bus.putEvents(
        Array.from({ length: Math.min(10, count - start) }, (_, i) =>
          entry({ Detail: JSON.stringify({ metadata: { id: `e-${start + i}` }, data: { n: start + i } }) }),
        ),
      );
    }
    await store.db.exec('truncate messages');
    const progress: number[] = [];
    const result = await bus.replay({ from: new Date(0), to: new Date('2027-01-01T00:00:00Z') }, (step) =>
      progress.push(step.replayed, step.of),
    );
    expect(result.events).toBe(count);
    expect(progress).toStrictEqual([500, count, 1000, count, count, count]);
    const replayed = (await queues.list('certs-q')).map((m) => JSON.parse(m.body).detail.data.n);
    expect(replayed).toStrictEqual(Array.from({ length: count }, (_, i) => i));
  });
});

describe('LocalEventBus archive retention', () => {
  it('counts the archive once, keeps the count as events are archived and trimmed, and trims by archive time', async () => {
    let now = new Date('2026-11-01T00:00:00Z');
    const clocked = new LocalEventBus({ db: store.db, queues, rules, now: () => now });
    expect(await clocked.archivedCount()).toBe(0);
    await clocked.putEvents([entry(), entry()]);
    now = new Date('2026-11-20T00:00:00Z');
    // An event's own Time does not decide its retention: when it was archived does.
    await clocked.putEvents([entry({ Time: new Date('2020-01-01T00:00:00Z') })]);
    expect(await clocked.archivedCount()).toBe(3);
    expect(await clocked.trimArchive(new Date('2026-11-06T00:00:00Z'))).toBe(2);
    expect(await clocked.archivedCount()).toBe(1);
    const left = await store.db.query<{ n: number }>('select count(*)::int as n from archive');
    expect(left.rows[0]?.n).toBe(1);
  });
});

describe('testEventPattern', () => {
  const event = JSON.stringify({
    id: '1',
    account: '000000000000',
    source: 'sfe-x',
    time: '2026-11-23T10:00:00Z',
    region: 'us-east-1',
    'detail-type': 'CourseCompleted',
    detail: { price: 3.0e2 },
  });

  it('answers whether the event matches', () => {
    expect(testEventPattern('{"detail":{"price":[{"numeric":[">",299]}]}}', event)).toBe(true);
    expect(testEventPattern('{"source":["aws.s3"]}', event)).toBe(false);
  });

  it("refuses an invalid pattern or event with AWS's exceptions", () => {
    expect(() => testEventPattern('{"source":[]}', event)).toThrow(
      expect.objectContaining({
        type: 'InvalidEventPatternException',
        message: 'Event pattern is not valid. Reason: Empty arrays are not allowed',
      }),
    );
    expect(() => testEventPattern('{"source":["x"]}', '{"source":"x"}')).toThrow(
      expect.objectContaining({
        type: 'ValidationException',
        message: 'Parameter Event is not valid. Reason: Provided Event is missing required field id.',
      }),
    );
    expect(() => testEventPattern('{"source":["x"]}', '[]')).toThrow(
      expect.objectContaining({ type: 'ValidationException', message: 'Parameter Event is not valid.' }),
    );
  });
});
