import { AsyncLocalStorage } from 'node:async_hooks';
import type { BlobStore } from '@sfe/blob-store';
import { deadLetterQueueOf } from '@sfe/cdk-constructs/stage';
import type { DynamoDBRecord, SQSRecord } from 'aws-lambda';
import type { BusName, BusRule } from '../bus/event-bus';
import type { EventBridgeEvent } from '../bus/eventbridge-event';
import type { RuntimeObserver } from '../output/terminal';
import type { QueueMessage } from '../queues/queue-store';
import type { CommittedChange } from '../store/pglite-table-store';
import { fromSequenceNumber } from '../stream/stream-records';

/**
 * What the console shows, recorded as the runtime works: each committed change, stream invocation, routed
 * event, function invocation (with its messages' outcomes and the side effects it made) and dead letter. An
 * invocation runs inside an AsyncLocalStorage scope, so what happens during it (an event put, a commit, a
 * report line, an object written) is attributed to it without any service knowing about the console.
 *
 * Kept in memory and bounded, in the archive's spirit: at most `maxSpans` (the oldest go first) and none older
 * than the retention. After a restart the archive still has every event; their deliveries are then unknown.
 */
export type Span = CommitSpan | StreamSpan | EventSpan | InvocationSpan | DeadLetterSpan;

export interface CommitSpan {
  readonly kind: 'commit';
  readonly id: string;
  readonly at: number;
  readonly seq: string;
  readonly eventName: string;
  readonly key: { readonly pk: string; readonly sk: string };
  readonly entityType?: string;
  readonly correlationId?: string;
  /** The invocation that wrote it (a consumer writing the platform table), if any. */
  readonly causedBy?: string;
}

export interface StreamSpan {
  readonly kind: 'stream';
  readonly id: string;
  readonly at: number;
  end?: number;
  /** The change-log sequence numbers (`#4`) of the records it was handed. */
  readonly seqs: readonly string[];
  outcome?: string;
}

export interface EventSpan {
  readonly kind: 'event';
  /** The EventBridge event id (a replay routes the same id again: one more entry in `routings`). */
  readonly id: string;
  readonly at: number;
  readonly bus: BusName;
  readonly event: EventBridgeEvent;
  readonly type: string;
  readonly version?: number;
  readonly source: string;
  readonly correlationId?: string;
  /** The invocation that put it (the stream processor, a consumer's stand-in), if any. */
  readonly publishedBy?: string;
  readonly routings: { readonly at: number; readonly replayName?: string; readonly rules: RuleRef[] }[];
}

export interface RuleRef {
  readonly name: string;
  readonly queue: string;
}

export interface InvocationSpan {
  readonly kind: 'invocation';
  readonly id: string;
  readonly at: number;
  end?: number;
  readonly queue: string;
  readonly service: string;
  readonly messages: InvokedMessage[];
  readonly effects: Effect[];
}

export interface InvokedMessage {
  readonly messageId: string;
  readonly eventId?: string;
  /** What ties a side effect to this message's event: its ids and type (see {@link attributeEffect}). */
  readonly clues: EventClues;
  readonly receiveCount: number;
  /** Set once the invocation ended: undefined = succeeded. */
  error?: string;
}

export type Effect = (
  | { readonly kind: 'report'; readonly at: number; readonly line: string; readonly files: OutboxFile[] }
  | {
      readonly kind: 'object';
      readonly at: number;
      readonly bucket: string;
      readonly key: string;
      readonly contentType: string;
    }
) & {
  /** The EventBridge ids of the batch's events this effect is attributed to. */
  readonly eventIds: readonly string[];
};

/** An event's ids (EventBridge's, its own, and the ids in its data) and its type. */
export interface EventClues {
  readonly ids: readonly string[];
  readonly dataIds: readonly string[];
  readonly type?: string;
  readonly correlationId?: string;
}

/**
 * Which of a batch's events made a side effect. Functions see a whole batch and say nothing of which record a
 * file came from, so the effect's text (its report line, file names, object key) is read for clues, strongest
 * first: an event's own id (outbox files are named after it); then the ids in its data (a report line or a
 * key that names them); then its type; with no clue at all, every event of the batch.
 */
export function attributeEffect(
  text: string,
  events: readonly { readonly eventId: string; readonly clues: EventClues }[],
): string[] {
  const tiers: ((clues: EventClues) => boolean)[] = [
    (clues) => clues.ids.some((id) => text.includes(id)),
    (clues) => clues.dataIds.length > 0 && clues.dataIds.every((id) => text.includes(id)),
    (clues) => clues.type !== undefined && text.includes(clues.type),
  ];
  for (const tier of tiers) {
    const found = events.filter((event) => tier(event.clues)).map((event) => event.eventId);
    if (found.length > 0) return found;
  }
  return events.map((event) => event.eventId);
}

/** A file in `<dataDirectory>/outbox/<box>/<name>` (an email, a chat message). */
export interface OutboxFile {
  readonly box: string;
  readonly name: string;
}

export interface DeadLetterSpan {
  readonly kind: 'dead-letter';
  readonly id: string;
  readonly at: number;
  readonly queue: string;
  readonly messageId: string;
  readonly eventId?: string;
  readonly receiveCount: number;
  readonly error?: string;
}

export interface JournalOptions {
  /** `<dataDirectory>/outbox`: report lines naming a file under it link to that file. */
  readonly outboxDirectory: string;
  /** Which service owns a queue (`<service>-<subscription id>`). */
  readonly serviceOf: (queue: string) => string;
  readonly now?: () => number;
  readonly maxSpans?: number;
  readonly retentionMs?: number;
}

export const DEFAULT_MAX_SPANS = 20_000;

export class ConsoleJournal {
  private readonly spans: Span[] = [];
  /**
   * The kept spans by id, and invocations by queue and first message: what an effect, a delivery or a replayed
   * event looks up, found without scanning every span back from the newest. The latest span of a key wins, as
   * a scan from the newest would find it; a trimmed span leaves both.
   */
  private readonly byId = new Map<string, Span>();
  private readonly invocationsByDelivery = new Map<string, InvocationSpan>();
  private readonly outboxPrefix: string;
  private readonly scope = new AsyncLocalStorage<string>();
  private readonly listeners = new Set<(span: Span) => void>();
  private readonly now: () => number;
  private readonly maxSpans: number;
  private next = 0;

  constructor(private readonly options: JournalOptions) {
    this.now = options.now ?? Date.now;
    this.maxSpans = options.maxSpans ?? DEFAULT_MAX_SPANS;
    this.outboxPrefix = `${options.outboxDirectory.replace(/\/$/, '')}/`;
  }

  /** Every recorded span, oldest first. */
  all(): readonly Span[] {
    return this.spans;
  }

  /** The recorded event with this EventBridge id, if it is still kept. */
  event(id: string): EventSpan | undefined {
    const span = this.byId.get(id);
    return span?.kind === 'event' ? span : undefined;
  }

  /** Hears every new or finished span; returns the unsubscribe function. */
  subscribe(listener: (span: Span) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Runs a stream-processor invocation in its scope: the events it puts are attributed to it. */
  traceStream<E extends { Records: DynamoDBRecord[] }, R>(handler: (event: E) => Promise<R>) {
    return (event: E): Promise<R> => {
      const span: StreamSpan = {
        kind: 'stream',
        id: this.newId('stream'),
        at: this.now(),
        seqs: event.Records.map((record) => changeSeqOf(record)),
      };
      this.add(span);
      return this.scope.run(span.id, () =>
        handler(event).finally(() => {
          span.end = this.now();
          this.changed(span);
        }),
      );
    };
  }

  /** Runs a consumer's function invocation in its scope: report lines, objects and events are its effects. */
  traceInvocation<C, R>(queue: string, handler: (event: { Records: SQSRecord[] }, context: C) => Promise<R>) {
    return (event: { Records: SQSRecord[] }, context: C): Promise<R> => {
      const span: InvocationSpan = {
        kind: 'invocation',
        id: this.newId('invocation'),
        at: this.now(),
        queue,
        service: this.options.serviceOf(queue),
        messages: event.Records.map((record) => {
          const clues = cluesOf(record.body);
          return {
            messageId: record.messageId,
            ...optional('eventId', clues.ids[0]),
            clues,
            receiveCount: Number(record.attributes.ApproximateReceiveCount),
          };
        }),
        effects: [],
      };
      this.add(span);
      return this.scope.run(span.id, () =>
        handler(event, context).finally(() => {
          span.end = this.now();
        }),
      );
    };
  }

  /** A bucket whose writes, made inside an invocation, are that invocation's effects. */
  watchBucket(store: BlobStore): BlobStore {
    const journal = this;
    return {
      get bucket() {
        return store.bucket;
      },
      async put(key, body, contentType) {
        await store.put(key, body, contentType);
        journal.effect({ kind: 'object', bucket: store.bucket, key, contentType }, `${store.bucket}/${key}`);
      },
      get: (key) => store.get(key),
      exists: (key) => store.exists(key),
      signedUrl: (key, seconds) => store.signedUrl(key, seconds),
    };
  }

  /** The runtime's observer side of the journal (the runtime tells it what the terminal shows). */
  readonly observer: RuntimeObserver = {
    committed: (change: CommittedChange) => {
      const image = change.newImage ?? change.oldImage;
      const causedBy = this.scope.getStore();
      this.add({
        kind: 'commit',
        id: this.newId('commit'),
        at: this.now(),
        seq: change.seq.toString(),
        eventName: change.eventName,
        key: { pk: change.key.pk, sk: change.key.sk },
        ...optional('entityType', stringOf(image?.entityType)),
        ...optional('correlationId', stringOf(image?.correlationId)),
        ...optional('causedBy', causedBy),
      });
    },
    streamInvoked: (records, outcome) => {
      const first = records[0] ? changeSeqOf(records[0]) : undefined;
      const span = this.findLast(
        (s): s is StreamSpan => s.kind === 'stream' && s.outcome === undefined && s.seqs[0] === first,
      );
      if (span) {
        span.outcome = outcome;
        this.changed(span);
      }
    },
    streamFailed: () => {},
    routed: (bus: BusName, event: EventBridgeEvent, rules: readonly BusRule[]) => {
      const refs = rules.map((rule) => ({ name: rule.name, queue: rule.queue }));
      const replayName = event['replay-name'];
      const known = replayName ? this.event(event.id) : undefined;
      if (known) {
        known.routings.push({ at: this.now(), replayName, rules: refs });
        this.changed(known);
        return;
      }
      const metadata = metadataOf(event);
      const publishedBy = this.scope.getStore();
      this.add({
        kind: 'event',
        id: event.id,
        at: this.now(),
        bus,
        event,
        type: event['detail-type'],
        ...optional('version', metadata.version),
        source: event.source,
        ...optional('correlationId', metadata.correlationId),
        ...optional('publishedBy', publishedBy),
        routings: [{ at: this.now(), ...optional('replayName', replayName), rules: refs }],
      });
    },
    rejected: () => {},
    delivered: (queue: string, records: readonly SQSRecord[], failed: ReadonlyMap<string, string>) => {
      const span = this.invocationsByDelivery.get(deliveryKey(queue, records[0]?.messageId));
      if (!span) return;
      for (const message of span.messages) {
        const error = failed.get(message.messageId);
        if (error !== undefined) message.error = error;
      }
      span.end ??= this.now();
      this.changed(span);
    },
    deadLettered: (message: QueueMessage) => {
      this.add({
        kind: 'dead-letter',
        id: this.newId('dead-letter'),
        at: this.now(),
        queue: deadLetterQueueOf(message.queue),
        messageId: message.id,
        ...optional('eventId', eventIdOf(message.body)),
        receiveCount: message.receiveCount,
        ...optional('error', message.lastError),
      });
    },
    sideEffect: (line: string) => {
      const files = outboxFilesIn(line, this.options.outboxDirectory);
      // Shown relative to the state directory, as the terminal shows paths relative to where it started.
      const shown = line.replaceAll(this.outboxPrefix, 'outbox/');
      this.effect({ kind: 'report', line: shown, files }, line);
    },
    info: () => {},
    error: () => {},
  };

  private effect(effect: DistributiveOmit<Effect, 'at' | 'eventIds'>, text: string): void {
    const id = this.scope.getStore();
    if (!id) return;
    const span = this.byId.get(id);
    if (span?.kind !== 'invocation') return;
    const events = span.messages.flatMap((message) =>
      message.eventId ? [{ eventId: message.eventId, clues: message.clues }] : [],
    );
    span.effects.push({ ...effect, at: this.now(), eventIds: attributeEffect(text, events) } as Effect);
    this.changed(span);
  }

  private add(span: Span): void {
    this.spans.push(span);
    this.byId.set(span.id, span);
    if (span.kind === 'invocation') {
      this.invocationsByDelivery.set(deliveryKey(span.queue, span.messages[0]?.messageId), span);
    }
    const oldest = this.now() - (this.options.retentionMs ?? Number.POSITIVE_INFINITY);
    let drop = 0;
    while (drop < this.spans.length && (this.spans[drop] as Span).at < oldest) drop++;
    // Trim in slices of a tenth, so a full journal does not shift its array on every span.
    if (this.spans.length - drop > this.maxSpans) drop += Math.max(1, Math.ceil(this.maxSpans / 10));
    if (drop > 0) for (const trimmed of this.spans.splice(0, drop)) this.forget(trimmed);
    this.changed(span);
  }

  private forget(span: Span): void {
    if (this.byId.get(span.id) === span) this.byId.delete(span.id);
    if (span.kind !== 'invocation') return;
    const key = deliveryKey(span.queue, span.messages[0]?.messageId);
    if (this.invocationsByDelivery.get(key) === span) this.invocationsByDelivery.delete(key);
  }

  private changed(span: Span): void {
    for (const listener of this.listeners) listener(span);
  }

  private findLast<S extends Span>(test: (span: Span) => span is S): S | undefined {
    for (let i = this.spans.length - 1; i >= 0; i--) {
      const span = this.spans[i] as Span;
      if (test(span)) return span;
    }
    return undefined;
  }

  private newId(prefix: string): string {
    this.next += 1;
    return `${prefix}-${this.next}`;
  }
}

/** Our events' `detail.metadata` (AWS services' events have none). */
export function metadataOf(event: EventBridgeEvent): {
  version?: number;
  correlationId?: string;
  id?: string;
} {
  const metadata = (event.detail as { metadata?: unknown } | undefined)?.metadata;
  if (typeof metadata !== 'object' || metadata === null) return {};
  const { version, correlationId, id } = metadata as Record<string, unknown>;
  return {
    ...optional('version', typeof version === 'number' ? version : undefined),
    ...optional('correlationId', stringOf(correlationId)),
    ...optional('id', stringOf(id)),
  };
}

/** Files under the outbox directory a report line names (`… -> /…/.sfe/outbox/email/x.eml`). */
export function outboxFilesIn(line: string, outboxDirectory: string): OutboxFile[] {
  const files: OutboxFile[] = [];
  const prefix = `${outboxDirectory.replace(/\/$/, '')}/`;
  for (const token of line.split(/\s+/)) {
    if (!token.startsWith(prefix)) continue;
    const [box, name, ...rest] = token.slice(prefix.length).split('/');
    const plain = (part: string | undefined): part is string => !!part && part !== '.' && part !== '..';
    if (plain(box) && plain(name) && rest.length === 0) files.push({ box, name });
  }
  return files;
}

/** An invocation's delivery: its queue and its batch's first message (the queue's source reports both). */
function deliveryKey(queue: string, firstMessageId: string | undefined): string {
  return `${queue}\n${firstMessageId ?? ''}`;
}

function changeSeqOf(record: DynamoDBRecord): string {
  return fromSequenceNumber(record.dynamodb?.SequenceNumber ?? '')?.toString() ?? '';
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** An SQS body's event: its EventBridge id first, then its own id, the ids in its data, its type. */
function cluesOf(body: string): EventClues {
  try {
    const event = JSON.parse(body) as EventBridgeEvent;
    const data = (event.detail as { data?: unknown } | undefined)?.data;
    const dataIds =
      typeof data === 'object' && data !== null
        ? Object.entries(data).flatMap(([field, value]) =>
            /Id$/.test(field) && typeof value === 'string' ? [value] : [],
          )
        : [];
    const { id: own, correlationId } = metadataOf(event);
    return {
      ids: [event.id, ...(own ? [own] : [])].filter((id): id is string => typeof id === 'string'),
      dataIds,
      ...optional('type', stringOf(event['detail-type'])),
      ...optional('correlationId', correlationId),
    };
  } catch {
    return { ids: [], dataIds: [] };
  }
}

function eventIdOf(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { id?: unknown };
    return stringOf(parsed.id);
  } catch {
    return undefined;
  }
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** `{ [key]: value }` when the value is defined, `{}` otherwise (exactOptionalPropertyTypes-friendly). */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
