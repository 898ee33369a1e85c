import { createHash, randomUUID } from 'node:crypto';
import { isDeadLetterQueue } from '@sfe/cdk-constructs/stage';
import type { SqlDatabase, SqlStatement } from '../store/sql-database';

/** A message as stored, with what SQS tracks about it. */
export interface QueueMessage {
  readonly id: string;
  readonly queue: string;
  readonly body: string;
  readonly md5OfBody: string;
  readonly sentAt: number;
  readonly receiveCount: number;
  readonly firstReceivedAt?: number;
  /** For a message in a DLQ: the queue it failed in. */
  readonly sourceQueue?: string;
  /** The last failure recorded for it (local only: SQS keeps no error, CloudWatch Logs does). */
  readonly lastError?: string;
}

/** A dead-letter queue's messages. */
export interface DeadLetterQueueListing {
  readonly queue: string;
  readonly messages: readonly QueueMessage[];
}

/** A received message: invisible until `visibleAt` unless deleted. */
export interface ReceivedMessage extends QueueMessage {
  readonly receiptHandle: string;
  readonly firstReceivedAt: number;
}

export interface ReceiveOptions {
  readonly max: number;
  readonly visibilityTimeoutMs: number;
  /** A message received more than this many times moves to `deadLetterQueue` instead. */
  readonly maxReceiveCount: number;
  readonly deadLetterQueue: string;
}

interface Row {
  id: string;
  queue: string;
  body: string;
  md5_of_body: string;
  sent_at: string;
  receive_count: number;
  first_received_at: string | null;
  source_queue: string | null;
  last_error: string | null;
}

/**
 * Durable queues in the local store with SQS's delivery rules: a received message is invisible for the
 * visibility timeout and comes back unless deleted; each receive counts; past `maxReceiveCount` the message
 * moves to the dead-letter queue (as SQS's redrive policy does, on the receive that would exceed it).
 */
export class QueueStore {
  /** Messages deleted since the table was last vacuumed. */
  private deletedSinceVacuum = 0;

  constructor(
    private readonly db: SqlDatabase,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Sends a message. */
  async send(queue: string, body: string): Promise<string> {
    const { id, statement } = this.sendStatement(queue, body);
    await this.db.query(statement.text, statement.params);
    return id;
  }

  /** The statement that sends a message, to run in the caller's batch (atomically with its other writes). */
  sendStatement(queue: string, body: string): { id: string; statement: SqlStatement } {
    const id = randomUUID();
    return {
      id,
      statement: { text: SEND, params: [id, queue, body, md5(body), this.now().getTime()] },
    };
  }

  /** Receives up to `max` visible messages, oldest first, moving over-received ones to the DLQ. */
  async receive(
    queue: string,
    options: ReceiveOptions,
  ): Promise<{ received: ReceivedMessage[]; deadLettered: QueueMessage[] }> {
    const now = this.now().getTime();
    const received: ReceivedMessage[] = [];
    const deadLettered: QueueMessage[] = [];
    // One statement picks the visible messages and marks them received (or moves the over-received ones to the
    // DLQ): one round trip, one transaction. Again only while some went to the DLQ and the batch is not full.
    while (received.length < options.max) {
      const limit = options.max - received.length;
      const result = await this.db.query<Row & { moved: boolean }>(RECEIVE, [
        queue,
        now,
        limit,
        options.deadLetterQueue,
        options.maxReceiveCount,
        now + options.visibilityTimeoutMs,
      ]);
      for (const row of result.rows) {
        const message = toMessage(row);
        if (row.moved) {
          deadLettered.push(message);
          continue;
        }
        received.push({
          ...message,
          firstReceivedAt: message.firstReceivedAt ?? now,
          receiptHandle: Buffer.from(JSON.stringify([message.id, message.receiveCount])).toString(
            'base64url',
          ),
        });
      }
      if (result.rows.length < limit || !result.rows.some((row) => row.moved)) break;
    }
    return { received, deadLettered };
  }

  /**
   * What a delivery leaves behind, in one round trip: the handled messages deleted, the failed ones noted
   * with their error (the note travels with them to the DLQ).
   */
  async settle(receiptHandles: readonly string[], errors: ReadonlyMap<string, string>): Promise<void> {
    const statements: SqlStatement[] = [...errors].map(([id, error]) => ({
      text: RECORD_ERROR,
      params: [id, error],
    }));
    if (receiptHandles.length > 0) {
      statements.push({ text: DELETE_MANY, params: [receiptHandles.map(idOfReceipt)] });
    }
    await this.db.batch(statements);
    await this.deleted(receiptHandles.length);
  }

  /**
   * Vacuums the messages every {@link VACUUM_EVERY} deletions. Each message leaves dead row versions (its receives
   * update it, then it is deleted), and PGlite runs PostgreSQL as one backend, with no autovacuum: unvacuumed, they
   * stay in the table and its indexes (an empty table of 155 pages after 400 sign-ups), and receives walk past
   * them (BENCHMARKS.md, session 10). A vacuum of the small table that is left takes a few milliseconds.
   */
  private async deleted(count: number): Promise<void> {
    this.deletedSinceVacuum += count;
    if (this.deletedSinceVacuum < VACUUM_EVERY) return;
    this.deletedSinceVacuum = 0;
    // A vacuum that fails leaves the table as it was, only slower to read: the next one tries again.
    await this.db.query('vacuum messages').catch(() => undefined);
  }

  /** Deletes received messages (they were handled). */
  async delete(receiptHandles: readonly string[]): Promise<void> {
    await this.settle(receiptHandles, new Map());
  }

  /** Deletes one message by id (a redriven stream failure, once delivered). */
  async deleteById(id: string): Promise<void> {
    await this.db.query('delete from messages where id = $1', [id]);
    await this.deleted(1);
  }

  /** Notes why messages failed; the note travels with them to the DLQ. */
  async recordErrors(errors: ReadonlyMap<string, string>): Promise<void> {
    await this.settle([], errors);
  }

  /** Moves every message of a DLQ back to the queue it failed in (or `target`), as new: receive count 0. */
  async redrive(deadLetterQueue: string, target?: string): Promise<QueueMessage[]> {
    const now = this.now().getTime();
    const result = await this.db.query<Row>(
      `update messages set queue = coalesce($2, source_queue), source_queue = null, receive_count = 0,
       first_received_at = null, visible_at = $3
       where queue = $1 and coalesce($2, source_queue) is not null
       returning id, queue, body, md5_of_body, sent_at::text, receive_count, first_received_at::text, source_queue,
       last_error`,
      [deadLetterQueue, target ?? null, now],
    );
    return result.rows.map(toMessage);
  }

  /** Every message of a queue, oldest first (for `dlq list`). */
  async list(queue: string): Promise<QueueMessage[]> {
    const result = await this.db.query<Row>(
      `select id, queue, body, md5_of_body, sent_at::text, receive_count, first_received_at::text, source_queue,
       last_error from messages where queue = $1 order by messages.seq`,
      [queue],
    );
    return result.rows.map(toMessage);
  }

  /** Messages per queue: visible now, and in flight (received, not yet visible again). */
  async depths(): Promise<{ queue: string; visible: number; inFlight: number }[]> {
    const result = await this.db.query<{ queue: string; visible: number; in_flight: number }>(
      `select queue, count(*) filter (where visible_at <= $1)::int as visible,
       count(*) filter (where visible_at > $1)::int as in_flight from messages group by queue order by queue`,
      [this.now().getTime()],
    );
    return result.rows.map((row) => ({ queue: row.queue, visible: row.visible, inFlight: row.in_flight }));
  }
}

/**
 * Deletions between two vacuums of the messages: about half a second of a busy runtime, a vacuum of 3-7 ms (every
 * 1,000 measured the same in all, with longer pauses).
 */
export const VACUUM_EVERY = 250;

const SEND = `insert into messages (id, queue, body, md5_of_body, sent_at, visible_at)
  values ($1, $2, $3, $4, $5, $5)`;
/** A message's columns, as `Row`, in the RECEIVE statement's updates (`m`). */
const RECEIVED_COLUMNS = `m.id, m.queue, m.body, m.md5_of_body, m.sent_at::text as sent_at, m.receive_count,
  m.first_received_at::text as first_received_at, m.source_queue, m.last_error`;
/**
 * Receives from queue $1 at time $2 up to $3 visible messages, oldest first: each received more than $5 times
 * already moves to the DLQ $4 (as SQS's redrive policy does, on the receive that would exceed it), the others
 * count a receive and stay invisible until $6. Each row comes back as it is after the update, `moved` telling
 * which happened.
 */
const RECEIVE = `with picked as (
    select seq, receive_count from messages where queue = $1 and visible_at <= $2::bigint
    order by messages.seq limit $3
  ),
  moved as (
    update messages m set queue = $4, source_queue = $1, visible_at = $2::bigint
    from picked where m.seq = picked.seq and picked.receive_count >= $5::int
    returning m.seq, true as moved, ${RECEIVED_COLUMNS}
  ),
  received as (
    update messages m set receive_count = m.receive_count + 1, visible_at = $6::bigint,
      first_received_at = coalesce(m.first_received_at, $2::bigint)
    from picked where m.seq = picked.seq and picked.receive_count < $5::int
    returning m.seq, false as moved, ${RECEIVED_COLUMNS}
  )
  select * from moved union all select * from received order by seq`;
const RECORD_ERROR = 'update messages set last_error = $2 where id = $1';
/**
 * An array compared with `= any`, not a set of rows: the planner then looks each id up in the `id` index, where a
 * subquery of `jsonb_array_elements_text` got a hash join over the whole table (every row version no one has
 * vacuumed yet), some 0.6 ms per settle after a few hundred moments (BENCHMARKS.md, session 10).
 */
const DELETE_MANY = 'delete from messages where id = any($1::text[])';

function idOfReceipt(handle: string): string {
  return (JSON.parse(Buffer.from(handle, 'base64url').toString()) as [string])[0];
}

function toMessage(row: Row): QueueMessage {
  return {
    id: row.id,
    queue: row.queue,
    body: row.body,
    md5OfBody: row.md5_of_body,
    sentAt: Number(row.sent_at),
    receiveCount: row.receive_count,
    ...(row.first_received_at ? { firstReceivedAt: Number(row.first_received_at) } : {}),
    ...(row.source_queue ? { sourceQueue: row.source_queue } : {}),
    ...(row.last_error ? { lastError: row.last_error } : {}),
  };
}

function md5(body: string): string {
  return createHash('md5').update(body, 'utf8').digest('hex');
}

/** Every dead-letter queue that holds messages, with them. */
export async function listDeadLetters(queues: QueueStore): Promise<DeadLetterQueueListing[]> {
  const depths = await queues.depths();
  const listings: DeadLetterQueueListing[] = [];
  for (const { queue } of depths.filter((q) => isDeadLetterQueue(q.queue))) {
    listings.push({ queue, messages: await queues.list(queue) });
  }
  return listings;
}
