import { type PGlite, parse, protocol, type Results } from '@electric-sql/pglite';

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
 * and re-planning the statement every time; `transaction` adds BEGIN and COMMIT as two more. This layer sends
 * what PGlite's own protocol helpers (`protocol.serialize`, `parse.parseResults`) build, but each statement is
 * parsed once as a named prepared statement, and a batch goes as one message: bind/describe/execute per
 * statement and a single Sync, which PostgreSQL runs as one implicit transaction (atomic, as BEGIN...COMMIT).
 * Hand-written because PGlite offers neither prepared statements nor pipelining; it measured 3-6x fewer
 * milliseconds per statement on the runtime's hot path (BENCHMARKS.md, "Local runtime").
 */
export class SqlDatabase implements SqlExecutor {
  private readonly prepared = new Map<string, string>();
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
    const parts: Uint8Array[] = [];
    const parsedNow: string[] = [];
    for (const { text, params = [] } of statements) {
      let name = this.prepared.get(text);
      if (name === undefined) {
        name = `sfe_${this.prepared.size + 1}`;
        this.prepared.set(text, name);
        parsedNow.push(text);
        parts.push(protocol.serialize.parse({ name, text, types: [] }));
      }
      parts.push(protocol.serialize.bind({ statement: name, values: params.map(toText) }));
      parts.push(protocol.serialize.describe({ type: 'P' }));
      parts.push(protocol.serialize.execute({}));
    }
    parts.push(protocol.serialize.sync());
    const { messages } = await this.pglite.execProtocol(concat(parts), SEND_OPTIONS);
    const failed = messages.findIndex((message) => message.name === 'error');
    if (failed >= 0) {
      // After an error PostgreSQL skips the rest of the message, later Parses included: forget (and close) the
      // statements this batch meant to prepare, so the next use parses them again.
      const names = parsedNow.map((text) => this.prepared.get(text) as string);
      for (const text of parsedNow) this.prepared.delete(text);
      const close = names.map((name) => protocol.serialize.close({ type: 'S', name }));
      await this.pglite.execProtocol(concat([...close, protocol.serialize.sync()]), SEND_OPTIONS);
      const statementIndex = messages.slice(0, failed).filter((m) => m.name === 'commandComplete').length;
      throw Object.assign(messages[failed] as unknown as Error, { statementIndex });
    }
    const results = parse.parseResults(messages, this.pglite.parsers) as Results<Record<string, unknown>>[];
    // parseResults counts affected rows across the whole message; each statement gets its own count.
    let before = 0;
    return results.map((result) => {
      const total = result.affectedRows ?? before;
      const own = { rows: result.rows, affectedRows: total - before };
      before = total;
      return own;
    });
  }
}

/**
 * How round trips are sent: errors come back as messages (a batch names its failed statement), and no
 * `syncToFs` after each: it is PGlite's hook for file systems kept in memory and copied out (IndexedDB, OPFS),
 * taken under a lock of its own, and does nothing for the Node file system and the in-memory store used here.
 */
const SEND_OPTIONS = { throwOnError: false, syncToFs: false } as const;

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

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
