import { randomUUID } from 'node:crypto';
import { RuleSet } from '@sfe/event-patterns';
import type { EventPattern } from '@sfe/events';
import type { AwsServiceEventInput } from '@sfe/service-definition';
import type { QueueStore } from '../queues/queue-store';
import type { SqlDatabase, SqlStatement } from '../store/sql-database';
import { type EventBridgeEvent, wrapEvent } from './eventbridge-event';
import { checkEntry, validatePutEventsRequest } from './put-events-validation';

/** The two buses of the platform: ours, and the account's default bus where AWS services send their events. */
export const BUS_NAMES = ['platform', 'default'] as const;
export type BusName = (typeof BUS_NAMES)[number];

/** A rule with one target: the consumer's queue. */
export interface BusRule {
  readonly bus: BusName;
  /** Unique per bus; the queue's name by convention (`<service>-<subscription id>`). */
  readonly name: string;
  readonly pattern: EventPattern;
  readonly queue: string;
}

/** An AWS service event as a stand-in builds it: the one shape services put through `LocalContext`. */
export type ServiceEventInput = AwsServiceEventInput;

interface Routed {
  readonly bus: BusName;
  readonly event: EventBridgeEvent;
  readonly rules: readonly BusRule[];
}

/** Archived events read and enqueued per transaction by a replay. */
const REPLAY_PAGE_SIZE = 500;

/** How far a replay has got: events of the range sent so far, of how many. */
export interface ReplayProgress {
  readonly replayName: string;
  readonly replayed: number;
  readonly of: number;
}

/** PutEvents' answer, shaped as AWS's. */
export interface PutEventsResponse {
  readonly FailedEntryCount: number;
  readonly Entries: (
    | { readonly EventId: string }
    | { readonly ErrorCode: string; readonly ErrorMessage: string }
  )[];
}

export interface BusObserver {
  /** An event was accepted (or replayed) and is in the queues of these rules. */
  routed?(bus: BusName, event: EventBridgeEvent, rules: readonly BusRule[]): void;
  rejected?(bus: string, errorCode: string, errorMessage: string): void;
}

export interface LocalEventBusOptions {
  readonly db: SqlDatabase;
  /**
   * Other names a bus answers to in PutEvents (alone or in an ARN), e.g. the deployed stage's
   * `{ 'sfe-dev-bus': 'platform' }`, so entries written for the stage work locally unchanged.
   */
  readonly aliases?: Readonly<Record<string, BusName>>;
  readonly queues: QueueStore;
  readonly rules: readonly BusRule[];
  readonly now?: () => Date;
  readonly observer?: BusObserver;
  /** Called after events were enqueued, with the queues they went to (wakes those queues' pollers). */
  readonly onEnqueued?: (queues: ReadonlySet<string>) => void;
}

/**
 * EventBridge on one machine: PutEvents validation and sizes as AWS applies them, events wrapped as AWS
 * delivers them, rules matched by `@sfe/event-patterns`, each matching rule's queue written in the same
 * transaction as the archive, so an event is durable in every queue before PutEvents answers.
 */
export class LocalEventBus {
  private readonly ruleSets = new Map<BusName, RuleSet>();
  private readonly rulesByName = new Map<string, BusRule>();
  private readonly now: () => Date;
  private archived: number | undefined;

  constructor(private readonly options: LocalEventBusOptions) {
    this.now = options.now ?? (() => new Date());
    for (const bus of BUS_NAMES) this.ruleSets.set(bus, new RuleSet());
    for (const rule of options.rules) {
      if (this.rulesByName.has(`${rule.bus}/${rule.name}`)) {
        throw new Error(`two rules named ${rule.name} on the ${rule.bus} bus`);
      }
      this.ruleSets.get(rule.bus)?.add(rule.name, rule.pattern);
      this.rulesByName.set(`${rule.bus}/${rule.name}`, rule);
    }
  }

  get rules(): readonly BusRule[] {
    return this.options.rules;
  }

  /** PutEvents: validates, archives and routes each entry; failed entries are reported, not thrown. */
  async putEvents(requestEntries: unknown): Promise<PutEventsResponse> {
    const entries = validatePutEventsRequest(requestEntries);
    const aliases = this.options.aliases ?? {};
    const known = new Set<string>([...BUS_NAMES, ...Object.keys(aliases)]);
    const checks = entries.map((entry) => checkEntry(entry, known));
    const accepted: Routed[] = [];
    const results: PutEventsResponse['Entries'] = checks.map((check) => {
      if (!check.ok) {
        this.options.observer?.rejected?.('', check.errorCode, check.errorMessage);
        return { ErrorCode: check.errorCode, ErrorMessage: check.errorMessage };
      }
      const bus = aliases[check.entry.busName] ?? (check.entry.busName as BusName);
      const event = wrapEvent({ id: randomUUID(), ...check.entry, time: check.entry.time ?? this.now() });
      accepted.push({ bus, event, rules: this.match(bus, event) });
      return { EventId: event.id };
    });
    await this.commit(accepted, { archive: true });
    this.announce(accepted);
    return { FailedEntryCount: checks.filter((check) => !check.ok).length, Entries: results };
  }

  /**
   * Sends archived events from `[from, to)` (by event time) to the rules of their bus again, marked with
   * `replay-name`, as an EventBridge replay does. Replayed events are not archived again. The archive is read
   * and enqueued a page at a time (each page one transaction), so memory stays flat however many events the
   * range holds; `onProgress` hears after each page how many of the range's events were sent.
   */
  async replay(
    range: { from: Date; to: Date; bus?: BusName },
    onProgress?: (progress: ReplayProgress) => void,
  ): Promise<{ replayName: string; events: number }> {
    const replayName = `replay-${this.now()
      .toISOString()
      .replace(/[^0-9]/g, '')
      .slice(0, 14)}`;
    const where = 'time >= $1 and time < $2 and ($3::text is null or bus = $3)';
    const bounds = [range.from.toISOString(), range.to.toISOString(), range.bus ?? null];
    const total = await this.options.db.query<{ n: number }>(
      `select count(*)::int as n from archive where ${where}`,
      bounds,
    );
    const of = total.rows[0]?.n ?? 0;
    let afterSeq = '0';
    let events = 0;
    for (;;) {
      const page = await this.options.db.query<{ seq: string; bus: BusName; event: EventBridgeEvent }>(
        `select seq::text as seq, bus, event from archive where ${where} and seq > $4
         order by archive.seq limit $5`,
        [...bounds, afterSeq, REPLAY_PAGE_SIZE],
      );
      if (page.rows.length === 0) break;
      const replayed = page.rows.map(({ bus, event }) => {
        const again: EventBridgeEvent = { ...event, 'replay-name': replayName };
        return { bus, event: again, rules: this.match(bus, again) };
      });
      await this.commit(replayed, { archive: false });
      this.announce(replayed);
      events += replayed.length;
      afterSeq = page.rows.at(-1)?.seq ?? afterSeq;
      onProgress?.({ replayName, replayed: events, of: Math.max(of, events) });
    }
    return { replayName, events };
  }

  /** How many events the archive holds: counted once, then kept as events are archived and trimmed. */
  async archivedCount(): Promise<number> {
    if (this.archived === undefined) {
      const counted = await this.options.db.query<{ n: number }>('select count(*)::int as n from archive');
      this.archived ??= counted.rows[0]?.n ?? 0;
    }
    return this.archived;
  }

  /** Deletes events archived before `before` (the archive's retention); returns how many. */
  async trimArchive(before: Date): Promise<number> {
    const result = await this.options.db.query('delete from archive where archived_at < $1', [
      before.toISOString(),
    ]);
    const removed = result.affectedRows ?? 0;
    if (this.archived !== undefined) this.archived -= removed;
    return removed;
  }

  /**
   * An AWS service's own event (S3, Transcribe, MediaConvert) arriving on a bus: it comes already wrapped, with
   * its id and time; missing envelope fields are filled in as AWS would.
   */
  async putServiceEvent(bus: BusName, input: ServiceEventInput): Promise<EventBridgeEvent> {
    if (typeof input.source !== 'string' || typeof input['detail-type'] !== 'string') {
      throw new Error('a service event needs a source and a detail-type');
    }
    const event: EventBridgeEvent = {
      ...wrapEvent({
        id: input.id ?? randomUUID(),
        source: input.source,
        detailType: input['detail-type'],
        detail: (input.detail ?? {}) as Record<string, unknown>,
        time: input.time ? new Date(input.time) : this.now(),
        resources: input.resources ?? [],
      }),
      ...(input.account ? { account: input.account } : {}),
      ...(input.region ? { region: input.region } : {}),
    };
    const routed = [{ bus, event, rules: this.match(bus, event) }];
    await this.commit(routed, { archive: true });
    this.announce(routed);
    return event;
  }

  /** Archives (unless replayed) and enqueues events for their rules, all in one transaction. */
  private async commit(routed: readonly Routed[], options: { archive: boolean }): Promise<void> {
    if (routed.length === 0) return;
    const archivedAt = this.now().toISOString();
    const statements: SqlStatement[] = [];
    for (const { bus, event, rules } of routed) {
      const body = JSON.stringify(event);
      if (options.archive) {
        statements.push({
          text: 'insert into archive (bus, event_id, time, event, archived_at) values ($1, $2, $3, $4, $5)',
          params: [bus, event.id, event.time, body, archivedAt],
        });
      }
      for (const rule of rules)
        statements.push(this.options.queues.sendStatement(rule.queue, body).statement);
    }
    // One batch: one round trip, one transaction.
    await this.options.db.batch(statements);
    if (options.archive && this.archived !== undefined) this.archived += routed.length;
  }

  /** The rules of a bus an event matches. */
  match(bus: BusName, event: EventBridgeEvent): BusRule[] {
    const names = this.ruleSets.get(bus)?.matchingRules(event) ?? [];
    return names.map((name) => this.rulesByName.get(`${bus}/${name}`) as BusRule);
  }

  private announce(routed: readonly Routed[]): void {
    for (const { bus, event, rules } of routed) this.options.observer?.routed?.(bus, event, rules);
    const queues = new Set(routed.flatMap(({ rules }) => rules.map((rule) => rule.queue)));
    if (queues.size > 0) this.options.onEnqueued?.(queues);
  }
}
