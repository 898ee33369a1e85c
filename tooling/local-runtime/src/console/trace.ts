import type { Effect, InvocationSpan, RuleRef, Span } from './journal';

/** One row of a correlation trace's waterfall, times in ms since the trace's first span. */
export interface TraceRow {
  readonly kind: 'commit' | 'stream' | 'event' | 'invocation' | 'dead-letter' | 'effect';
  readonly id: string;
  readonly label: string;
  readonly start: number;
  readonly duration: number;
  readonly status: 'ok' | 'failed' | 'dead-lettered' | 'pending';
  readonly detail?: string;
  /** For an event: its id (its page); for an effect: the file or object it made. */
  readonly eventId?: string;
  readonly effect?: Effect;
  /** The row it follows from (an event's publisher, an invocation's event, an effect's invocation). */
  readonly parent?: string;
}

export interface Trace {
  readonly correlationId: string;
  /** Epoch ms of the first span; every row's `start` is relative to it. */
  readonly startedAt: number;
  readonly duration: number;
  readonly rows: readonly TraceRow[];
}

/**
 * One business moment end to end, from the journal: the committed changes carrying the correlation id, the
 * stream invocations that read them, every event of the correlation, each function invocation that received
 * one (each receive is a row, so retries and failures show), each dead letter, and the side effects each
 * invocation made; AWS services' events without a correlation id join through the invocations around them. Rows are ordered by start time; an effect follows its invocation.
 */
export function assembleTrace(spans: readonly Span[], correlationId: string): Trace | undefined {
  const ours = (id: string | undefined) => id === undefined || id === correlationId;
  const events = new Set<string>();
  const commits = new Set<string>();
  const invocations = new Set<string>();
  const streams = new Set<string>();
  for (const span of spans) {
    if (span.kind === 'event' && span.correlationId === correlationId) events.add(span.id);
    if (span.kind === 'commit' && span.correlationId === correlationId) commits.add(span.id);
  }
  // Follow causes both ways until nothing new: an AWS service's event (S3, Transcribe, MediaConvert) carries no
  // correlation id, but the invocation that put it, or that handled it and then committed a change of this
  // correlation, ties it in. What another correlation id names is never pulled in.
  for (let size = -1; size !== events.size + commits.size + invocations.size + streams.size; ) {
    size = events.size + commits.size + invocations.size + streams.size;
    const seqs = new Set<string>();
    for (const span of spans) {
      if (span.kind === 'commit' && commits.has(span.id)) {
        seqs.add(span.seq);
        if (span.causedBy) invocations.add(span.causedBy);
      }
      if (span.kind === 'event' && events.has(span.id) && span.publishedBy) {
        (span.publishedBy.startsWith('stream') ? streams : invocations).add(span.publishedBy);
      }
    }
    for (const span of spans) {
      if (span.kind === 'invocation') {
        if (span.messages.some((message) => message.eventId && events.has(message.eventId))) {
          invocations.add(span.id);
        }
        if (invocations.has(span.id)) {
          for (const message of span.messages) {
            if (message.eventId && message.clues.correlationId === undefined) events.add(message.eventId);
          }
        }
      } else if (span.kind === 'stream' && span.seqs.some((seq) => seqs.has(seq))) {
        streams.add(span.id);
      } else if (span.kind === 'event' && span.publishedBy && ours(span.correlationId)) {
        if (invocations.has(span.publishedBy) || streams.has(span.publishedBy)) events.add(span.id);
      } else if (span.kind === 'commit' && span.causedBy && invocations.has(span.causedBy)) {
        if (ours(span.correlationId)) commits.add(span.id);
      }
    }
  }
  const eventIds = events;
  const relevant = spans.filter((span) => {
    switch (span.kind) {
      case 'commit':
        return commits.has(span.id);
      case 'event':
        return events.has(span.id);
      case 'stream':
        return streams.has(span.id);
      case 'invocation':
        return invocations.has(span.id);
      case 'dead-letter':
        return span.eventId !== undefined && events.has(span.eventId);
    }
    return false;
  });
  if (relevant.length === 0) return undefined;
  const startedAt = Math.min(...relevant.map((span) => span.at));
  const rows: TraceRow[] = [];
  const end = (span: { at: number; end?: number }) => (span.end ?? span.at) - span.at;
  for (const span of [...relevant].sort((a, b) => a.at - b.at)) {
    const start = span.at - startedAt;
    switch (span.kind) {
      case 'commit':
        rows.push({
          kind: 'commit',
          id: span.id,
          label: `#${span.seq} ${span.eventName} ${span.key.pk} ${span.key.sk}`,
          start,
          duration: 0,
          status: 'ok',
          ...(span.entityType ? { detail: span.entityType } : {}),
          ...(span.causedBy ? { parent: span.causedBy } : {}),
        });
        break;
      case 'stream':
        rows.push({
          kind: 'stream',
          id: span.id,
          label: `stream-processor: ${span.seqs.length} record${span.seqs.length === 1 ? '' : 's'}`,
          start,
          duration: end(span),
          status: span.outcome === undefined ? 'pending' : span.outcome.startsWith('ok') ? 'ok' : 'failed',
          ...(span.outcome ? { detail: span.outcome } : {}),
        });
        break;
      case 'event':
        for (const routing of span.routings) {
          rows.push({
            kind: 'event',
            id: routing.replayName ? `${span.id}@${routing.replayName}` : span.id,
            label: `${span.type}${span.version === undefined ? '' : ` v${span.version}`}${routing.replayName ? ` (${routing.replayName})` : ''}`,
            start: routing.at - startedAt,
            duration: 0,
            status: 'ok',
            detail: routedTo(routing.rules),
            eventId: span.id,
            ...(span.publishedBy ? { parent: span.publishedBy } : {}),
          });
        }
        break;
      case 'invocation': {
        const mine = span.messages.filter((message) => message.eventId && eventIds.has(message.eventId));
        const failures = mine.filter((message) => message.error !== undefined);
        const receive = Math.max(...mine.map((message) => message.receiveCount));
        rows.push({
          kind: 'invocation',
          id: span.id,
          label: `${span.queue} (receive ${receive})`,
          start,
          duration: end(span),
          status: span.end === undefined ? 'pending' : failures.length > 0 ? 'failed' : 'ok',
          detail: describeInvocation(
            span,
            failures.map((message) => message.error as string),
          ),
          ...(mine[0]?.eventId ? { eventId: mine[0].eventId, parent: mine[0].eventId } : {}),
        });
        span.effects.forEach((effect, index) => {
          if (!effect.eventIds.some((id) => eventIds.has(id))) return;
          rows.push({
            kind: 'effect',
            id: `${span.id}/effect-${index}`,
            label: describeEffect(effect),
            start: effect.at - startedAt,
            duration: 0,
            status: 'ok',
            effect,
            parent: span.id,
          });
        });
        break;
      }
      case 'dead-letter':
        rows.push({
          kind: 'dead-letter',
          id: span.id,
          label: `${span.queue} ← after ${span.receiveCount} receives`,
          start,
          duration: 0,
          status: 'dead-lettered',
          ...(span.error ? { detail: span.error } : {}),
          ...(span.eventId ? { eventId: span.eventId, parent: span.eventId } : {}),
        });
        break;
    }
  }
  const duration = Math.max(0, ...rows.map((row) => row.start + row.duration));
  return { correlationId, startedAt, duration, rows };
}

function routedTo(rules: readonly RuleRef[]): string {
  return rules.length === 0 ? 'no rule matched' : `→ ${rules.map((rule) => rule.queue).join(', ')}`;
}

function describeInvocation(span: InvocationSpan, errors: readonly string[]): string {
  const batch = `${span.service}, batch of ${span.messages.length}`;
  return errors.length > 0 ? `${batch}: ${errors.join('; ')}` : batch;
}

/** A person's words for an effect: what was made and where. */
export function describeEffect(effect: Effect): string {
  if (effect.kind === 'object') return `object ${effect.bucket}/${effect.key} (${effect.contentType})`;
  return effect.line;
}
