import type { PGlite } from '@electric-sql/pglite';
import { WireReader, WireWriter } from './wire';

/** A value bound to a `$n` parameter (sent as text; the statement's casts or columns give its type). */
export type SqlParam = string | number | bigint | boolean | Date | null | undefined | readonly SqlParam[];

/** One statement with its parameters. */
export interface SqlStatement {
  readonly text: string;
  readonly params?: readonly SqlParam[];
}

/** What a statement returned: its rows, and how many rows it changed. */
export interface SqlResult<T> {
  readonly rows: T[];
  readonly affectedRows?: number;
}

/** Runs statements on a connection already held (inside {@link SqlDatabase.exclusive}). */
export interface SqlExecutor {
  query<T>(text: string, params?: readonly SqlParam[]): Promise<SqlResult<T>>;
  /** Several statements in one round trip and one transaction: all take effect, or none. */
  batch(statements: readonly SqlStatement[]): Promise<SqlResult<Record<string, unknown>>[]>;
}

/**
 * The local store's connection. PGlite is one connection in this process, and its `query` costs six calls
 * into PostgreSQL (parse, describe, bind, describe, execute, sync), each a trip into WebAssembly, re-parsing
 * and re-planning the statement every time; `transaction` adds BEGIN and COMMIT as two more. Here each
 * statement is parsed and described once, as a named prepared statement, and a batch goes as one message:
 * bind/execute per statement and a single Sync, which PostgreSQL runs as one implicit transaction (atomic, as
 * BEGIN...COMMIT). The messages are written and read in `wire.ts`; rows are decoded with PGlite's own type
 * parsers. Hand-written because PGlite offers neither prepared statements nor pipelining; it measured 3-6x
 * fewer milliseconds per statement on the runtime's hot path (BENCHMARKS.md, "Local runtime").
 */
export class SqlDatabase implements SqlExecutor {
  private readonly prepared = new Map<string, Prepared>();
  private readonly writer = new WireWriter();
  private readonly reader = new WireReader();
  /**
   * How round trips are sent: the response's bytes to {@link reader}, and no `syncToFs` after each: it is
   * PGlite's hook for file systems kept in memory and copied out (IndexedDB, OPFS), taken under a lock of its
   * own, and does nothing for the Node file system and the in-memory store used here.
   */
  private readonly sendOptions = { syncToFs: false, onRawData: this.reader.onRawData };
  private readonly executor: SqlExecutor;
  private readonly itemWriteListeners = new Set<() => void>();
  /** The last exclusive section queued: the next one starts when it has finished. */
  private tail: Promise<void> = Promise.resolve();

  constructor(readonly pglite: PGlite) {
    this.executor = {
      query: (text, params) => this.runQuery(text, params),
      batch: (statements) => this.runBatch(statements),
    };
  }

  async query<T>(text: string, params: readonly SqlParam[] = []): Promise<SqlResult<T>> {
    try {
      return await this.exclusive((sql) => sql.query<T>(text, params));
    } finally {
      if (writesItems(text)) this.itemsWrittenElsewhere();
    }
  }

  async batch(statements: readonly SqlStatement[]): Promise<SqlResult<Record<string, unknown>>[]> {
    try {
      return await this.exclusive((sql) => sql.batch(statements));
    } finally {
      if (statements.some(({ text }) => writesItems(text))) this.itemsWrittenElsewhere();
    }
  }

  /** Simple-protocol SQL without parameters (schema changes, several statements; tests' truncates). */
  async exec(text: string): Promise<void> {
    try {
      await this.exclusive(() => this.pglite.exec(text));
    } finally {
      this.itemsWrittenElsewhere();
    }
  }

  /**
   * Hears of writes to the `items` table made around the table stores (which write inside {@link exclusive}):
   * a statement of {@link query}, {@link batch} or {@link exec} that may change items. Their caches forget then.
   */
  onItemsWrittenElsewhere(listener: () => void): () => void {
    this.itemWriteListeners.add(listener);
    return () => this.itemWriteListeners.delete(listener);
  }

  private itemsWrittenElsewhere(): void {
    for (const listener of this.itemWriteListeners) listener();
  }

  /**
   * Holds the connection across several round trips, e.g. reading items, deciding in JavaScript, then writing
   * in one batch: nothing else runs in between (PGlite is this process's only connection).
   */
  exclusive<T>(fn: (sql: SqlExecutor) => Promise<T>): Promise<T> {
    // One queue of our own, first come first served: everything this process sends PostgreSQL goes through this
    // class, so PGlite's own two locks (which its query() and transaction() take, each an async mutex with
    // several awaits) need not be taken on every round trip.
    const run = this.tail.then(() => fn(this.executor));
    this.tail = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /**
   * A transaction over several round trips (BEGIN, statements, COMMIT; ROLLBACK when `fn` throws). Prefer
   * {@link batch} when the statements are known up front: it is one round trip.
   */
  transaction<T>(fn: (sql: SqlExecutor) => Promise<T>): Promise<T> {
    return this.exclusive(async (sql) => {
      await sql.query('begin');
      try {
        const result = await fn(sql);
        await sql.query('commit');
        return result;
      } catch (error) {
        await sql.query('rollback');
        throw error;
      }
    });
  }

  /** Closes the connection once what was queued before has run. */
  close(): Promise<void> {
    return this.exclusive(() => this.pglite.close());
  }

  private async runQuery<T>(text: string, params: readonly SqlParam[] = []): Promise<SqlResult<T>> {
    const [result] = await this.runBatch([{ text, params }]);
    return (result ?? { rows: [] }) as SqlResult<T>;
  }

  private async runBatch(statements: readonly SqlStatement[]): Promise<SqlResult<Record<string, unknown>>[]> {
    if (statements.length === 0) return [];
    const wire = this.writer;
    const parsedNow: Prepared[] = [];
    const used: Prepared[] = [];
    for (const { text, params = [] } of statements) {
      let prepared = this.prepared.get(text);
      if (prepared === undefined) {
        prepared = { name: `sfe_${++statementsNamed}`, text, fields: [] };
        this.prepared.set(text, prepared);
        parsedNow.push(prepared);
        // Described once, here: its rows' columns are known from then on, so executions need no Describe.
        wire.parse(prepared.name, text);
        wire.describeStatement(prepared.name);
      }
      used.push(prepared);
      wire.bind(prepared.name, params.map(toText));
      wire.execute();
    }
    wire.sync();
    await this.pglite.execProtocolRawStream(wire.take(), this.sendOptions);
    const response = this.reader.read();
    if (response.error) {
      // After an error PostgreSQL skips the rest of the message, later Parses included: forget (and close) the
      // statements this batch meant to prepare, so the next use parses them again.
      for (const { text, name } of parsedNow) {
        this.prepared.delete(text);
        wire.close(name);
      }
      wire.sync();
      await this.pglite.execProtocolRawStream(wire.take(), this.sendOptions);
      this.reader.read();
      const { error, completed } = response.error;
      throw Object.assign(error as unknown as Error, { statementIndex: completed });
    }
    response.descriptions.forEach((fields, index) => {
      (parsedNow[index] as Prepared).fields = (fields ?? []).map(({ name, typeId }) => ({
        name,
        parse: this.pglite.parsers[typeId],
      }));
    });
    return used.map(({ fields }, index) => ({
      rows: (response.rows[index] ?? []).map((values) => toRow(fields, values)),
      affectedRows: affectedRowsOf(response.tags[index] ?? ''),
    }));
  }
}

/** Prepared statements named so far, in this process (unique even if two instances share one PGlite). */
let statementsNamed = 0;

/** A statement parsed once under its name, with how to read its rows' columns. */
interface Prepared {
  readonly name: string;
  readonly text: string;
  fields: readonly {
    readonly name: string;
    readonly parse: ((text: string, typeId?: number) => unknown) | undefined;
  }[];
}

function toRow(fields: Prepared['fields'], values: readonly (string | null)[]): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  fields.forEach(({ name, parse }, index) => {
    const value = values[index] ?? null;
    row[name] = value === null || parse === undefined ? value : parse(value);
  });
  return row;
}

/** The rows a statement changed, from its command tag (`INSERT 0 2`, `UPDATE 3`, ...; 0 for the rest). */
function affectedRowsOf(tag: string): number {
  const space = tag.indexOf(' ');
  const command = space < 0 ? tag : tag.slice(0, space);
  if (!CHANGING_COMMANDS.has(command)) return 0;
  const count = Number.parseInt(tag.slice(tag.lastIndexOf(' ') + 1), 10);
  return Number.isNaN(count) ? 0 : count;
}

const CHANGING_COMMANDS = new Set(['INSERT', 'UPDATE', 'DELETE', 'COPY', 'MERGE']);

/** Whether a statement may change the `items` table (anything naming it but a plain select). */
function writesItems(text: string): boolean {
  return /\bitems\b/i.test(text) && !/^\s*select\b/i.test(text);
}

/** A parameter in PostgreSQL's text format. */
function toText(value: SqlParam): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (Array.isArray(value)) return `{${value.map(arrayElement).join(',')}}`;
  return String(value);
}

function arrayElement(value: SqlParam): string {
  const text = toText(value);
  return text === null ? 'NULL' : `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}
