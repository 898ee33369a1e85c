import { InvalidEventError, JsonSyntaxError } from './errors';
import type { EventValues } from './event-values';
import type { TrieNode } from './field-trie';
import { isJsonObject, JsonNumber, type JsonObject, parseJson } from './json';
import { FALSE, NULL, NUMBER, STRING, TRUE } from './matchers';

/**
 * Reads the values some rule needs out of an event, into `out`. An event is either JSON text or an already
 * parsed value (plain objects, arrays, strings, numbers or {@link JsonNumber}s, booleans, null).
 *
 * For text we do not build the event: a scanner walks the JSON, descending only into keys on the rules' field
 * tree and skipping (while still validating) everything else. That is what makes matching fast; a bus has to
 * parse every event, and most of an event is usually irrelevant to the rules. A repeated key (the last one wins)
 * is rare, so then we fall back to a full parse.
 */
export function flattenEvent(event: unknown, root: TrieNode, out: EventValues): void {
  if (typeof event === 'string') {
    flattenText(event, root, out);
    return;
  }
  if (!isJsonObject(event)) throw new InvalidEventError('Event must be a JSON object');
  walkObject(event, root, null, out);
}

// --- parsed values -----------------------------------------------------------------------------------------------

function walkObject(
  obj: JsonObject,
  node: TrieNode,
  membership: readonly number[] | null,
  out: EventValues,
): void {
  for (const key of Object.keys(obj)) {
    const child = node.child(key);
    if (child !== undefined) walkValue(obj[key], child, membership, out);
  }
}

function walkValue(
  value: unknown,
  node: TrieNode,
  membership: readonly number[] | null,
  out: EventValues,
): void {
  if (Array.isArray(value)) {
    const arrayId = out.nextArrayId++;
    for (let i = 0; i < value.length; i++) {
      const element: unknown = value[i];
      if (Array.isArray(element) || isJsonObject(element)) {
        walkValue(element, node, extend(membership, arrayId, i), out);
      } else {
        walkValue(element, node, membership, out);
      }
    }
    return;
  }
  if (isJsonObject(value)) {
    if (node.children !== undefined) walkObject(value, node, membership, out);
    return;
  }
  const field = node.field;
  if (field < 0) return;
  switch (typeof value) {
    case 'string':
      out.add(field, STRING, value, membership);
      return;
    case 'number':
      out.add(field, NUMBER, String(value), membership);
      return;
    case 'bigint':
      out.add(field, NUMBER, value.toString(), membership);
      return;
    case 'boolean':
      out.add(field, value ? TRUE : FALSE, value ? 'true' : 'false', membership);
      return;
    default:
      if (value === null) out.add(field, NULL, 'null', membership);
      else if (value instanceof JsonNumber) out.add(field, NUMBER, value.text, membership);
    // undefined, functions and symbols are not JSON: ignored like JSON.stringify would.
  }
}

function extend(membership: readonly number[] | null, arrayId: number, index: number): number[] {
  return membership === null ? [arrayId, index] : [...membership, arrayId, index];
}

// --- JSON text ---------------------------------------------------------------------------------------------------

/** Thrown inside the scanner; the caller recovers with a full parse (for a proper message, or last-wins keys). */
const MALFORMED = { reason: 'malformed' } as const;
const DUPLICATE_KEY = { reason: 'duplicate' } as const;

function flattenText(text: string, root: TrieNode, out: EventValues): void {
  try {
    scanner.scan(text, root, out);
  } catch (signal) {
    if (signal !== MALFORMED && signal !== DUPLICATE_KEY) throw signal;
    let parsed: unknown;
    try {
      parsed = parseJson(text);
    } catch (error) {
      if (error instanceof JsonSyntaxError)
        throw new InvalidEventError(`Event is not valid JSON: ${error.message}`);
      throw error;
    }
    if (signal === MALFORMED) throw new InvalidEventError('Event is not valid JSON');
    out.reset(0);
    flattenEvent(parsed, root, out);
  } finally {
    scanner.text = '';
  }
}

class Scanner {
  text = '';
  pos = 0;
  private out!: EventValues;

  scan(text: string, root: TrieNode, out: EventValues): void {
    this.text = text;
    this.out = out;
    this.pos = 0;
    this.ws();
    if (text.charCodeAt(this.pos) !== 0x7b) {
      if (this.pos >= text.length) throw MALFORMED;
      this.skipValue(0);
      this.ws();
      if (this.pos < text.length) throw MALFORMED;
      throw new InvalidEventError('Event must be a JSON object');
    }
    this.object(root, null, 0);
    this.ws();
    if (this.pos !== text.length) throw MALFORMED;
  }

  private ws(): void {
    const text = this.text;
    let pos = this.pos;
    let c = text.charCodeAt(pos);
    while (c <= 0x20 && (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09)) c = text.charCodeAt(++pos);
    this.pos = pos;
  }

  /** At '{': reads an object whose keys are looked up under `node`. */
  private object(node: TrieNode, membership: readonly number[] | null, depth: number): void {
    if (depth > 1000) throw MALFORMED;
    const text = this.text;
    this.pos++;
    this.ws();
    if (text.charCodeAt(this.pos) === 0x7d) {
      this.pos++;
      return;
    }
    let seen: TrieNode[] | undefined;
    for (;;) {
      if (text.charCodeAt(this.pos) !== 0x22) throw MALFORMED;
      // Find the key without building a string: most keys are plain, and most are of no interest.
      const start = this.pos + 1;
      let end = start;
      let c = text.charCodeAt(end);
      while (c !== 0x22 && c !== 0x5c && c !== 0x2e && c >= 0x20) c = text.charCodeAt(++end);
      let child: TrieNode | undefined;
      if (c === 0x22) {
        child = node.childAt(text, start, end - start);
        this.pos = end + 1;
      } else {
        // Escapes or dots (an event key "a.b" reaches the field a.b): take the slow, exact path.
        child = node.child(this.string());
      }
      this.ws();
      if (text.charCodeAt(this.pos) !== 0x3a) throw MALFORMED;
      this.pos++;
      this.ws();
      if (child === undefined) {
        this.skipValue(depth);
      } else {
        // A key seen twice must keep its last value: rare, so start over with a full parse.
        if (seen === undefined) seen = [child];
        else if (seen.includes(child)) throw DUPLICATE_KEY;
        else seen.push(child);
        this.value(child, membership, depth);
      }
      this.ws();
      const sep = text.charCodeAt(this.pos);
      if (sep === 0x2c) {
        this.pos++;
        this.ws();
      } else if (sep === 0x7d) {
        this.pos++;
        return;
      } else {
        throw MALFORMED;
      }
    }
  }

  private value(node: TrieNode, membership: readonly number[] | null, depth: number): void {
    const text = this.text;
    const c = text.charCodeAt(this.pos);
    const field = node.field;
    if (c === 0x22) {
      if (field >= 0) this.out.add(field, STRING, this.string(), membership);
      else this.skipString();
    } else if (c === 0x7b) {
      if (node.children !== undefined) this.object(node, membership, depth + 1);
      else this.skipValue(depth);
    } else if (c === 0x5b) {
      this.array(node, membership, depth + 1);
    } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      const start = this.pos;
      this.number();
      if (field >= 0) this.out.add(field, NUMBER, text.slice(start, this.pos), membership);
    } else {
      const kind = this.literal();
      if (field >= 0)
        this.out.add(field, kind, kind === TRUE ? 'true' : kind === FALSE ? 'false' : 'null', membership);
    }
  }

  private array(node: TrieNode, membership: readonly number[] | null, depth: number): void {
    if (depth > 1000) throw MALFORMED;
    const text = this.text;
    const arrayId = this.out.nextArrayId++;
    this.pos++;
    this.ws();
    if (text.charCodeAt(this.pos) === 0x5d) {
      this.pos++;
      return;
    }
    for (let index = 0; ; index++) {
      const c = text.charCodeAt(this.pos);
      if (c === 0x7b) {
        if (node.children !== undefined) this.object(node, extend(membership, arrayId, index), depth + 1);
        else this.skipValue(depth);
      } else if (c === 0x5b) {
        this.array(node, extend(membership, arrayId, index), depth + 1);
      } else {
        this.value(node, membership, depth);
      }
      this.ws();
      const sep = text.charCodeAt(this.pos);
      if (sep === 0x2c) {
        this.pos++;
        this.ws();
      } else if (sep === 0x5d) {
        this.pos++;
        return;
      } else {
        throw MALFORMED;
      }
    }
  }

  /** At '"': reads a string and returns its content. */
  private string(): string {
    const text = this.text;
    const start = this.pos + 1;
    let pos = start;
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === 0x22) {
        this.pos = pos + 1;
        return text.slice(start, pos);
      }
      if (c === 0x5c || c < 0x20 || Number.isNaN(c)) break;
      pos++;
    }
    // Escapes (or an error): let the full parser decode this one string.
    this.skipString();
    try {
      return parseJson(text.slice(start - 1, this.pos)) as string;
    } catch {
      throw MALFORMED;
    }
  }

  private skipString(): void {
    const text = this.text;
    let pos = this.pos + 1;
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === 0x22) {
        this.pos = pos + 1;
        return;
      }
      if (c === 0x5c) {
        const e = text.charCodeAt(pos + 1);
        if (e === 0x75) {
          for (let k = pos + 2; k < pos + 6; k++) {
            const h = text.charCodeAt(k);
            if (!((h >= 0x30 && h <= 0x39) || (h >= 0x41 && h <= 0x46) || (h >= 0x61 && h <= 0x66)))
              throw MALFORMED;
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
      if (c < 0x20 || Number.isNaN(c)) throw MALFORMED;
      pos++;
    }
  }

  /** Validates a JSON number starting at pos and moves past it. */
  private number(): void {
    const text = this.text;
    let pos = this.pos;
    let c = text.charCodeAt(pos);
    if (c === 0x2d) c = text.charCodeAt(++pos);
    if (c === 0x30) {
      c = text.charCodeAt(++pos);
    } else if (c >= 0x31 && c <= 0x39) {
      do c = text.charCodeAt(++pos);
      while (c >= 0x30 && c <= 0x39);
    } else {
      throw MALFORMED;
    }
    if (c === 0x2e) {
      c = text.charCodeAt(++pos);
      if (!(c >= 0x30 && c <= 0x39)) throw MALFORMED;
      do c = text.charCodeAt(++pos);
      while (c >= 0x30 && c <= 0x39);
    }
    if (c === 0x65 || c === 0x45) {
      c = text.charCodeAt(++pos);
      if (c === 0x2b || c === 0x2d) c = text.charCodeAt(++pos);
      if (!(c >= 0x30 && c <= 0x39)) throw MALFORMED;
      do c = text.charCodeAt(++pos);
      while (c >= 0x30 && c <= 0x39);
    }
    // A number must end at a delimiter ("01" or "1x" are errors).
    if (
      !(
        Number.isNaN(c) ||
        c === 0x2c ||
        c === 0x7d ||
        c === 0x5d ||
        c === 0x20 ||
        c === 0x0a ||
        c === 0x0d ||
        c === 0x09
      )
    ) {
      throw MALFORMED;
    }
    this.pos = pos;
  }

  private literal(): typeof TRUE | typeof FALSE | typeof NULL {
    const text = this.text;
    const pos = this.pos;
    let kind: typeof TRUE | typeof FALSE | typeof NULL;
    let length: number;
    if (text.startsWith('true', pos)) {
      kind = TRUE;
      length = 4;
    } else if (text.startsWith('false', pos)) {
      kind = FALSE;
      length = 5;
    } else if (text.startsWith('null', pos)) {
      kind = NULL;
      length = 4;
    } else {
      throw MALFORMED;
    }
    const c = text.charCodeAt(pos + length);
    if (
      !(
        Number.isNaN(c) ||
        c === 0x2c ||
        c === 0x7d ||
        c === 0x5d ||
        c === 0x20 ||
        c === 0x0a ||
        c === 0x0d ||
        c === 0x09
      )
    ) {
      throw MALFORMED;
    }
    this.pos = pos + length;
    return kind;
  }

  /** Skips (and validates) any value. */
  private skipValue(depth: number): void {
    const text = this.text;
    const c = text.charCodeAt(this.pos);
    if (c === 0x22) {
      this.skipString();
    } else if (c === 0x7b || c === 0x5b) {
      this.skipContainer(depth);
    } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      this.number();
    } else {
      this.literal();
    }
  }

  /**
   * Skips (and validates) an object or array in one tight loop: this is where most of the time goes, since
   * most of an event is usually of no interest to any rule. `open` holds one bit per nesting level (1 = object).
   */
  private skipContainer(depth: number): void {
    const text = this.text;
    let pos = this.pos;
    let open = 0; // bit stack: 1 for object, 0 for array, top of stack at bit `level - 1`
    let level = 0;
    let deep: number[] | undefined; // bits beyond 30 levels
    // States: 0 expect value, 1 after value, 2 expect key (or '}' right after '{'), 3 expect value or ']' after '['
    let state = 0;
    for (;;) {
      let c = text.charCodeAt(pos);
      while (c <= 0x20 && (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09)) c = text.charCodeAt(++pos);
      if (state === 1) {
        if (level === 0) break;
        const inObject = level <= 30 ? (open >>> (level - 1)) & 1 : (deep as number[])[level - 31];
        if (c === 0x2c) {
          pos++;
          state = inObject === 1 ? 2 : 0;
          if (state === 2) {
            c = text.charCodeAt(pos);
            while (c <= 0x20 && (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09))
              c = text.charCodeAt(++pos);
            if (c !== 0x22) throw MALFORMED;
          }
          continue;
        }
        if (c === (inObject === 1 ? 0x7d : 0x5d)) {
          pos++;
          level--;
          if (level >= 30) (deep as number[]).pop();
          else open &= ~(1 << level);
          continue;
        }
        throw MALFORMED;
      }
      if (state === 2) {
        if (c === 0x7d) {
          // empty object
          pos++;
          level--;
          if (level >= 30) (deep as number[]).pop();
          else open &= ~(1 << level);
          state = 1;
          continue;
        }
        if (c !== 0x22) throw MALFORMED;
        pos = this.skipStringAt(pos);
        c = text.charCodeAt(pos);
        while (c <= 0x20 && (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09))
          c = text.charCodeAt(++pos);
        if (c !== 0x3a) throw MALFORMED;
        pos++;
        state = 0;
        continue;
      }
      if (state === 3) {
        state = 0;
        if (c === 0x5d) {
          pos++;
          level--;
          if (level >= 30) (deep as number[]).pop();
          else open &= ~(1 << level);
          state = 1;
          continue;
        }
      }
      // state 0: a value
      if (c === 0x7b || c === 0x5b) {
        if (depth + level >= 1000) throw MALFORMED;
        const isObject = c === 0x7b ? 1 : 0;
        if (level >= 30) {
          deep = deep ?? [];
          deep.push(isObject);
        } else if (isObject === 1) open |= 1 << level;
        level++;
        pos++;
        state = isObject === 1 ? 2 : 3;
        continue;
      }
      if (c === 0x22) {
        pos = this.skipStringAt(pos);
      } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
        // number: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
        if (c === 0x2d) c = text.charCodeAt(++pos);
        if (c === 0x30) c = text.charCodeAt(++pos);
        else if (c >= 0x31 && c <= 0x39) {
          do c = text.charCodeAt(++pos);
          while (c >= 0x30 && c <= 0x39);
        } else throw MALFORMED;
        if (c === 0x2e) {
          c = text.charCodeAt(++pos);
          if (!(c >= 0x30 && c <= 0x39)) throw MALFORMED;
          do c = text.charCodeAt(++pos);
          while (c >= 0x30 && c <= 0x39);
        }
        if (c === 0x65 || c === 0x45) {
          c = text.charCodeAt(++pos);
          if (c === 0x2b || c === 0x2d) c = text.charCodeAt(++pos);
          if (!(c >= 0x30 && c <= 0x39)) throw MALFORMED;
          do c = text.charCodeAt(++pos);
          while (c >= 0x30 && c <= 0x39);
        }
        if (c >= 0x30 && c <= 0x39) throw MALFORMED; // leading zero ("01")
      } else {
        this.pos = pos;
        this.literal();
        pos = this.pos;
      }
      state = 1;
    }
    this.pos = pos;
  }

  /** Skips a string whose opening quote is at `start`; returns the position after its closing quote. */
  private skipStringAt(start: number): number {
    const text = this.text;
    let pos = start + 1;
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === 0x22) return pos + 1;
      if (c === 0x5c || c < 0x20 || Number.isNaN(c)) {
        // Rare: an escape (or an error); the careful skipper validates it.
        this.pos = start;
        this.skipString();
        return this.pos;
      }
      pos++;
    }
  }
}

const scanner = new Scanner();
