import { type EventValues, extendMembership } from './event-values';
import type { TrieNode } from './field-trie';
import { FALSE, NULL, NUMBER, STRING, TRUE } from './matchers';

/**
 * A JSON scanner over UTF-8 bytes that reads only what the rules need. It walks the event's structure,
 * descending into keys on the field tree and skipping everything else, while still validating all of it: an
 * event that is not valid JSON is rejected even where no rule looks. Nothing is built for skipped parts, and
 * strings are only made for values a rule tests.
 *
 * Scanning bytes in a typed array is about twice as fast in V8 as `charCodeAt` over a string, and turning a
 * string into bytes (`TextEncoder.encodeInto`) costs a fraction of that, so text is encoded first. Values are
 * then sliced from the original string when it is ASCII (byte offsets are character offsets), and decoded from
 * the bytes otherwise.
 */

/** Thrown by the scanner: the text is not valid JSON. */
export const MALFORMED = { reason: 'malformed JSON' } as const;
/** Thrown by the scanner: a key the rules read occurs twice in one object (the last value must win). */
export const DUPLICATE_KEY = { reason: 'duplicate key' } as const;
/** Thrown by the scanner: the text is JSON but not an object. */
export const NOT_AN_OBJECT = { reason: 'not an object' } as const;

const MAX_DEPTH = 1000;
/** Bytes kept free after the text: the sentinel, and the 4-byte reads that look past it (see number). */
const SLACK = 8;
/** Numbers the objects scanned, by every scanner (trie nodes remember the last object they were read in). */
let objectSerial = 0;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class Scanner {
  private bytes: Uint8Array = new Uint8Array(4096);
  private view = new DataView(this.bytes.buffer);
  private end = 0;
  private pos = 0;
  /** The original text when it is ASCII (so it can be sliced with byte offsets), else undefined. */
  private text: string | undefined;
  private out!: EventValues;

  /** Scans JSON text (a string or UTF-8 bytes) into `out`; throws MALFORMED, DUPLICATE_KEY or NOT_AN_OBJECT. */
  scan(event: string | Uint8Array, root: TrieNode, out: EventValues): void {
    if (typeof event === 'string') this.scanText(event, root, out);
    else this.scanBytes(event, root, out);
  }

  private scanText(text: string, root: TrieNode, out: EventValues): void {
    // UTF-8 takes at most 3 bytes per UTF-16 unit; SLACK leaves room for the sentinel and word reads.
    if (text.length * 3 + SLACK > this.bytes.length) this.resize(text.length * 3 + 1024);
    const { read, written } = encoder.encodeInto(text, this.bytes);
    if (read !== text.length) throw MALFORMED; // unreachable with a large enough buffer
    this.text = written === text.length ? text : undefined;
    this.bytes[written] = 0; // the sentinel (see run)
    this.run(written, root, out);
  }

  private scanBytes(bytes: Uint8Array, root: TrieNode, out: EventValues): void {
    // Copied so that a sentinel can follow the text (see run).
    if (bytes.length + SLACK > this.bytes.length) this.resize(bytes.length * 2 + 1024);
    this.bytes.set(bytes);
    this.bytes[bytes.length] = 0;
    this.text = undefined;
    this.run(bytes.length, root, out);
  }

  private resize(size: number): void {
    this.bytes = new Uint8Array(size);
    this.view = new DataView(this.bytes.buffer);
  }

  /**
   * Scans `bytes[0, end)`. `bytes[end]` is always 0 (a sentinel, which is never valid in JSON outside a string and
   * never valid unescaped inside one), so the innermost loops over digits, whitespace and key characters stop at
   * the end without a bounds check of their own.
   */

  private run(end: number, root: TrieNode, out: EventValues): void {
    this.end = end;
    this.out = out;
    this.pos = 0;
    this.ws();
    if (this.bytes[this.pos] !== 0x7b || this.pos >= end) {
      if (this.pos >= end) throw MALFORMED;
      this.skipValue(0);
      this.ws();
      if (this.pos < end) throw MALFORMED;
      throw NOT_AN_OBJECT;
    }
    this.object(root, null, 0);
    this.ws();
    if (this.pos !== end) throw MALFORMED;
  }

  private slice(start: number, end: number): string {
    return this.text !== undefined
      ? this.text.slice(start, end)
      : decoder.decode(this.bytes.subarray(start, end));
  }

  private ws(): void {
    const bytes = this.bytes;
    let pos = this.pos;
    let c = bytes[pos] as number;
    while (c <= 0x20 && (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09)) c = bytes[++pos] as number;
    this.pos = pos;
  }

  /** At '{': reads an object whose keys are looked up under `node`. */
  private object(node: TrieNode, membership: readonly number[] | null, depth: number): void {
    if (depth > MAX_DEPTH) throw MALFORMED;
    const bytes = this.bytes;
    this.pos++;
    this.ws();
    if (bytes[this.pos] === 0x7d) {
      this.pos++;
      return;
    }
    // Each object gets a serial; a child node stamped with it has already been read in this object.
    const serial = ++objectSerial;
    for (;;) {
      if (bytes[this.pos] !== 0x22) throw MALFORMED;
      // Find the key without making a string: most keys are plain, and most are of no interest.
      const start = this.pos + 1;
      let end = start;
      let c = bytes[end] as number;
      while (c !== 0x22 && c !== 0x5c && c !== 0x2e && c >= 0x20) c = bytes[++end] as number;
      let child: TrieNode | undefined;
      if (c === 0x22) {
        child = node.childAt(bytes, start, end - start);
        this.pos = end + 1;
      } else {
        // Escapes or dots (an event key "a.b" reaches the field a.b): take the slow, exact path.
        child = node.child(this.string());
      }
      this.ws();
      if (bytes[this.pos] !== 0x3a) throw MALFORMED;
      this.pos++;
      this.ws();
      if (child === undefined) {
        this.skipValue(depth);
      } else {
        if (child.seenIn === serial) throw DUPLICATE_KEY;
        child.seenIn = serial;
        this.value(child, membership, depth);
      }
      if (!this.more(0x7d)) return;
    }
  }

  private value(node: TrieNode, membership: readonly number[] | null, depth: number): void {
    const c = this.bytes[this.pos] as number;
    const field = node.field;
    if (c === 0x22) {
      if (field >= 0) this.out.add(field, STRING, this.string(), membership);
      else this.pos = this.skipString(this.pos);
    } else if (c === 0x7b) {
      if (node.children !== undefined) this.object(node, membership, depth + 1);
      else this.skipValue(depth);
    } else if (c === 0x5b) {
      this.array(node, membership, depth + 1);
    } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      const start = this.pos;
      this.pos = this.number(start);
      if (field >= 0) this.out.add(field, NUMBER, this.slice(start, this.pos), membership);
    } else {
      const kind = this.literal();
      if (field >= 0) {
        this.out.add(field, kind, kind === TRUE ? 'true' : kind === FALSE ? 'false' : 'null', membership);
      }
    }
  }

  private array(node: TrieNode, membership: readonly number[] | null, depth: number): void {
    if (depth > MAX_DEPTH) throw MALFORMED;
    const arrayId = this.out.nextArrayId++;
    this.pos++;
    this.ws();
    if ((this.bytes[this.pos] as number) === 0x5d) {
      this.pos++;
      return;
    }
    for (let index = 0; ; index++) {
      const c = this.bytes[this.pos] as number;
      if (c === 0x7b) {
        if (node.children !== undefined)
          this.object(node, extendMembership(membership, arrayId, index), depth + 1);
        else this.skipValue(depth);
      } else if (c === 0x5b) {
        this.array(node, extendMembership(membership, arrayId, index), depth + 1);
      } else {
        this.value(node, membership, depth);
      }
      if (!this.more(0x5d)) return;
    }
  }

  /** After an element: true at a comma (another element follows), false at the closing bracket. */
  private more(close: number): boolean {
    this.ws();
    const sep = this.bytes[this.pos] as number;
    this.pos++;
    if (sep === 0x2c) {
      this.ws();
      return true;
    }
    if (sep === close) return false;
    throw MALFORMED;
  }

  /** At '"': reads a string and returns its content. */
  private string(): string {
    const start = this.pos + 1;
    let pos = start;
    for (;;) {
      const c = this.bytes[pos] as number;
      if (c === 0x22) {
        this.pos = pos + 1;
        return this.slice(start, pos);
      }
      if (c === 0x5c || c < 0x20) break;
      pos++;
    }
    // Escapes (or an error): validate, then let JSON.parse decode this one string.
    const end = this.skipString(this.pos);
    this.pos = end;
    return JSON.parse(this.slice(start - 1, end)) as string;
  }

  /** Skips (and validates) a string whose opening quote is at `start`; returns the position after it. */
  private skipString(start: number): number {
    const bytes = this.bytes;
    const end = this.end;
    let pos = start + 1;
    for (;;) {
      if (pos >= end) throw MALFORMED;
      const c = bytes[pos] as number;
      if (c === 0x22) return pos + 1;
      if (c < 0x20) throw MALFORMED;
      if (c === 0x5c) {
        const e = this.bytes[pos + 1] as number;
        if (e === 0x75) {
          for (let k = pos + 2; k < pos + 6; k++) {
            const h = this.bytes[k] as number;
            if (!((h >= 0x30 && h <= 0x39) || (h >= 0x41 && h <= 0x46) || (h >= 0x61 && h <= 0x66))) {
              throw MALFORMED;
            }
          }
          pos += 6;
          continue;
        }
        if (
          e !== 0x22 &&
          e !== 0x5c &&
          e !== 0x2f &&
          e !== 0x62 &&
          e !== 0x66 &&
          e !== 0x6e &&
          e !== 0x72 &&
          e !== 0x74
        ) {
          throw MALFORMED;
        }
        pos += 2;
        continue;
      }
      pos++;
    }
  }

  /** Validates a number starting at `start`; returns the position after it. */
  private number(start: number): number {
    // Reads stop at the sentinel 0 at `end` (see run): this runs for every number of the event.
    const bytes = this.bytes;
    const end = this.end;
    let pos = start;
    let c = bytes[pos] as number;
    if (c === 0x2d) c = bytes[++pos] as number;
    if (c === 0x30) {
      c = bytes[++pos] as number;
    } else if (c >= 0x31 && c <= 0x39) {
      do c = bytes[++pos] as number;
      while (c >= 0x30 && c <= 0x39);
    } else {
      throw MALFORMED;
    }
    if (c === 0x2e) {
      c = bytes[++pos] as number;
      if (!(c >= 0x30 && c <= 0x39)) throw MALFORMED;
      // Fractions are long (coordinates have 14 digits or so): test four bytes at a time. All four are digits when
      // every high nibble is 3 and adding 6 to each byte carries into none of them (low nibbles <= 9). The
      // sentinel fails the test, so the word reads never take bytes from past the end.
      const view = this.view;
      for (;;) {
        const w = view.getUint32(pos + 1, true);
        if ((w & 0xf0f0f0f0) !== 0x30303030 || ((w + 0x06060606) & 0xf0f0f0f0) !== 0x30303030) break;
        pos += 4;
      }
      do c = bytes[++pos] as number;
      while (c >= 0x30 && c <= 0x39);
    }
    if (c === 0x65 || c === 0x45) {
      c = bytes[++pos] as number;
      if (c === 0x2b || c === 0x2d) c = bytes[++pos] as number;
      if (!(c >= 0x30 && c <= 0x39)) throw MALFORMED;
      do c = bytes[++pos] as number;
      while (c >= 0x30 && c <= 0x39);
    }
    // A number ends at a delimiter ("01" and "1x" are errors).
    if (!isDelimiter(c) && pos !== end) throw MALFORMED;
    return pos;
  }

  private literal(): typeof TRUE | typeof FALSE | typeof NULL {
    const pos = this.pos;
    const c = this.bytes[pos] as number;
    let kind: typeof TRUE | typeof FALSE | typeof NULL;
    let length: number;
    if (
      c === 0x74 &&
      (this.bytes[pos + 1] as number) === 0x72 &&
      (this.bytes[pos + 2] as number) === 0x75 &&
      (this.bytes[pos + 3] as number) === 0x65
    ) {
      kind = TRUE;
      length = 4;
    } else if (
      c === 0x66 &&
      (this.bytes[pos + 1] as number) === 0x61 &&
      (this.bytes[pos + 2] as number) === 0x6c &&
      (this.bytes[pos + 3] as number) === 0x73 &&
      (this.bytes[pos + 4] as number) === 0x65
    ) {
      kind = FALSE;
      length = 5;
    } else if (
      c === 0x6e &&
      (this.bytes[pos + 1] as number) === 0x75 &&
      (this.bytes[pos + 2] as number) === 0x6c &&
      (this.bytes[pos + 3] as number) === 0x6c
    ) {
      kind = NULL;
      length = 4;
    } else {
      throw MALFORMED;
    }
    if (!isDelimiter(this.bytes[pos + length] as number)) throw MALFORMED;
    this.pos = pos + length;
    return kind;
  }

  /** Skips (and validates) any value. */
  private skipValue(depth: number): void {
    const c = this.bytes[this.pos] as number;
    if (c === 0x22) this.pos = this.skipString(this.pos);
    else if (c === 0x7b || c === 0x5b) this.skipContainer(depth);
    else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) this.pos = this.number(this.pos);
    else this.literal();
  }

  /**
   * Skips (and validates) an object or array in one tight loop: this is where most of the time goes, since
   * most of an event is usually of no interest to any rule. `open` holds one bit per nesting level (1 = object).
   * The loop reads a value, then everything up to the next value (commas, closing brackets, and in objects the
   * next key and its colon) in one go, so most members cost one turn of it.
   */
  private skipContainer(depth: number): void {
    const bytes = this.bytes;
    let pos = this.pos;
    let open = 0; // bit stack: 1 for object, 0 for array; level k at bit k - 1
    let level = 0;
    let deep: number[] | undefined; // levels beyond 30
    for (;;) {
      // A value (the first one is the container itself).
      let c = bytes[pos] as number;
      while (c <= 0x20 && (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09)) c = bytes[++pos] as number;
      if (c === 0x22) {
        let k = pos + 1;
        for (;;) {
          const b = bytes[k] as number;
          if (b === 0x22) {
            pos = k + 1;
            break;
          }
          if (b === 0x5c || b < 0x20) {
            pos = this.skipString(pos);
            break;
          }
          k++;
        }
      } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
        pos = this.number(pos);
      } else if (c === 0x7b || c === 0x5b) {
        if (depth + level >= MAX_DEPTH) throw MALFORMED;
        const isObject = c === 0x7b ? 1 : 0;
        if (level >= 30) {
          deep = deep ?? [];
          deep.push(isObject);
        } else if (isObject === 1) {
          open |= 1 << level;
        }
        level++;
        c = bytes[++pos] as number;
        while (c <= 0x20 && (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09))
          c = bytes[++pos] as number;
        if (c === (isObject === 1 ? 0x7d : 0x5d)) {
          // Empty: closed below, as after any value.
          pos++;
          level--;
          if (level >= 30) (deep as number[]).pop();
          else open &= ~(1 << level);
        } else {
          if (isObject === 1) pos = this.skipKey(pos);
          continue;
        }
      } else {
        this.pos = pos;
        this.literal();
        pos = this.pos;
      }
      // After a value: close containers until a comma (then the next key, in an object) leads to a value.
      for (;;) {
        if (level === 0) {
          this.pos = pos;
          return;
        }
        c = bytes[pos] as number;
        while (c <= 0x20 && (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09))
          c = bytes[++pos] as number;
        const inObject = level <= 30 ? (open >>> (level - 1)) & 1 : (deep as number[])[level - 31];
        if (c === 0x2c) {
          pos++;
          if (inObject === 1) pos = this.skipKey(pos);
          break;
        }
        if (c !== (inObject === 1 ? 0x7d : 0x5d)) throw MALFORMED;
        pos++;
        level--;
        if (level >= 30) (deep as number[]).pop();
        else open &= ~(1 << level);
      }
    }
  }

  /** Skips whitespace, a key and its colon (and what whitespace follows); returns the position after them. */
  private skipKey(at: number): number {
    const bytes = this.bytes;
    let pos = at;
    let c = bytes[pos] as number;
    while (c <= 0x20 && (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09)) c = bytes[++pos] as number;
    if (c !== 0x22) throw MALFORMED;
    let k = pos + 1;
    for (;;) {
      const b = bytes[k] as number;
      if (b === 0x22) {
        pos = k + 1;
        break;
      }
      if (b === 0x5c || b < 0x20) {
        pos = this.skipString(pos);
        break;
      }
      k++;
    }
    c = bytes[pos] as number;
    while (c <= 0x20 && (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09)) c = bytes[++pos] as number;
    if (c !== 0x3a) throw MALFORMED;
    return pos + 1;
  }
}

/** Whether a number or literal may end before `c` (0 is the sentinel at the end, or a NUL that fails next). */
function isDelimiter(c: number): boolean {
  return (
    c === 0x2c || c === 0x7d || c === 0x5d || c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0
  );
}

const scanner = new Scanner();

/** Scans JSON text (a string or UTF-8 bytes) into `out`; throws MALFORMED, DUPLICATE_KEY or NOT_AN_OBJECT. */
export function scanJson(event: string | Uint8Array, root: TrieNode, out: EventValues): void {
  scanner.scan(event, root, out);
}
