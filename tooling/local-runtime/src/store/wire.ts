import { type messages, protocol } from '@electric-sql/pglite';

/**
 * PostgreSQL's extended-query protocol, written and read here for {@link SqlDatabase}'s batches. Hand-written
 * (not PGlite's `protocol.serialize` and `execProtocol`) because PGlite's reader turns every backend message
 * into an object, decoding each string with a TextDecoder, and copies each response twice; on this runtime's
 * round trips (a handful of small statements each) that reading was about a third of a round trip's CPU
 * (BENCHMARKS.md, "Local runtime", session 9). Only what the batches use: Parse, Describe (statement), Bind,
 * Execute, Close, Sync out; rows, command tags and errors in. An error is handed to PGlite's own parser, so it
 * arrives as the same `DatabaseError` as before.
 */

/** One column of a statement's rows: its name and how its text is turned into a value. */
export interface WireField {
  readonly name: string;
  readonly typeId: number;
}

/** A message under construction: grows as needed, reused between batches. */
export class WireWriter {
  private buffer = Buffer.allocUnsafe(16 * 1024);
  private length = 0;

  /** Parse: names `text` as prepared statement `name` (parameter types from the statement's casts). */
  parse(name: string, text: string): void {
    const start = this.begin(0x50);
    this.cstring(name);
    this.cstring(text);
    this.int16(0);
    this.end(start);
  }

  /** Describe a prepared statement: its parameters, then its row description (or NoData). */
  describeStatement(name: string): void {
    const start = this.begin(0x44);
    this.byte(0x53);
    this.cstring(name);
    this.end(start);
  }

  /** Bind `values` (text, or null) to the unnamed portal, every parameter and column in text format. */
  bind(statement: string, values: readonly (string | null)[]): void {
    const start = this.begin(0x42);
    this.byte(0);
    this.cstring(statement);
    this.int16(0);
    this.int16(values.length);
    for (const value of values) {
      if (value === null) {
        this.int32(-1);
        continue;
      }
      const at = this.length;
      this.int32(0);
      const written = this.string(value);
      this.buffer.writeInt32BE(written, at);
    }
    this.int16(0);
    this.end(start);
  }

  /** Execute the unnamed portal to its end. */
  execute(): void {
    const start = this.begin(0x45);
    this.byte(0);
    this.int32(0);
    this.end(start);
  }

  /** Close a prepared statement. */
  close(name: string): void {
    const start = this.begin(0x43);
    this.byte(0x53);
    this.cstring(name);
    this.end(start);
  }

  sync(): void {
    const start = this.begin(0x53);
    this.end(start);
  }

  /** The message written since the last call (a view, valid until the next write). */
  take(): Uint8Array {
    const message = this.buffer.subarray(0, this.length);
    this.length = 0;
    return message;
  }

  private begin(code: number): number {
    this.byte(code);
    const start = this.length;
    this.int32(0);
    return start;
  }

  private end(start: number): void {
    this.buffer.writeInt32BE(this.length - start, start);
  }

  private byte(value: number): void {
    this.reserve(1);
    this.buffer[this.length++] = value;
  }

  private int16(value: number): void {
    this.reserve(2);
    this.length = this.buffer.writeInt16BE(value, this.length);
  }

  private int32(value: number): void {
    this.reserve(4);
    this.length = this.buffer.writeInt32BE(value, this.length);
  }

  /** Writes `value` as UTF-8; returns its length in bytes. */
  private string(value: string): number {
    // At most 3 bytes per UTF-16 unit.
    this.reserve(value.length * 3);
    const written = this.buffer.write(value, this.length, 'utf8');
    this.length += written;
    return written;
  }

  private cstring(value: string): void {
    this.string(value);
    this.byte(0);
  }

  private reserve(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + bytes));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }
}

/** What came back for a batch: per statement its text values and command tag, or the first error. */
export interface WireResponse {
  /** Each statement's rows as text values (null for SQL NULL), in column order. */
  readonly rows: (string | null)[][][];
  /** Each statement's command tag (`INSERT 0 1`, `SELECT 2`, ...). */
  readonly tags: string[];
  /** Row descriptions, in the order the batch's Describe messages asked for them (null: the statement returns no rows). */
  readonly descriptions: (WireField[] | null)[];
  /** The first error, as PGlite's parser reads it, and how many statements had completed before it. */
  readonly error?: { readonly error: messages.DatabaseError; readonly completed: number };
}

/** Collects a response's bytes as PostgreSQL sends them (possibly in several pieces), then reads them. */
export class WireReader {
  private chunks: Buffer[] = [];

  /** For PGlite's `onRawData`: the bytes are a view of WebAssembly memory, copied before it is reused. */
  readonly onRawData = (bytes: Uint8Array): void => {
    this.chunks.push(Buffer.from(bytes));
  };

  /** Reads what was collected since the last call. */
  read(): WireResponse {
    const data = this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks);
    this.chunks = [];
    const rows: (string | null)[][][] = [];
    const tags: string[] = [];
    const descriptions: (WireField[] | null)[] = [];
    let current: (string | null)[][] = [];
    let error: WireResponse['error'];
    let offset = 0;
    while (offset + 5 <= data.length) {
      const code = data[offset] as number;
      const length = data.readInt32BE(offset + 1);
      const body = offset + 5;
      const next = offset + 1 + length;
      switch (code) {
        case 0x44: // DataRow
          current.push(readDataRow(data, body));
          break;
        case 0x43: // CommandComplete
          tags.push(data.toString('utf8', body, next - 1));
          rows.push(current);
          current = [];
          break;
        case 0x54: // RowDescription
          descriptions.push(readRowDescription(data, body));
          break;
        case 0x6e: // NoData
          descriptions.push(null);
          break;
        case 0x45: // ErrorResponse: PGlite's own parser makes the same DatabaseError its queries throw.
          if (!error) error = { error: parseError(data.subarray(offset, next)), completed: tags.length };
          break;
        default:
          // ParseComplete, BindComplete, CloseComplete, ParameterDescription, ReadyForQuery, notices: nothing to keep.
          break;
      }
      offset = next;
    }
    return error ? { rows, tags, descriptions, error } : { rows, tags, descriptions };
  }
}

function readDataRow(data: Buffer, at: number): (string | null)[] {
  const count = data.readInt16BE(at);
  let offset = at + 2;
  const values: (string | null)[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const length = data.readInt32BE(offset);
    offset += 4;
    if (length < 0) {
      values[i] = null;
      continue;
    }
    values[i] = data.toString('utf8', offset, offset + length);
    offset += length;
  }
  return values;
}

function readRowDescription(data: Buffer, at: number): WireField[] {
  const count = data.readInt16BE(at);
  let offset = at + 2;
  const fields: WireField[] = [];
  for (let i = 0; i < count; i++) {
    const end = data.indexOf(0, offset);
    const name = data.toString('utf8', offset, end);
    // Then: table oid (4), column number (2), type oid (4), type size (2), type modifier (4), format (2).
    const typeId = data.readInt32BE(end + 1 + 6);
    fields.push({ name, typeId });
    offset = end + 1 + 18;
  }
  return fields;
}

function parseError(message: Buffer): messages.DatabaseError {
  let parsed: messages.DatabaseError | undefined;
  new protocol.Parser().parse(message, (m) => {
    parsed = m as messages.DatabaseError;
  });
  return parsed as messages.DatabaseError;
}
