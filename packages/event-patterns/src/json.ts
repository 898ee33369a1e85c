import { JsonSyntaxError } from './errors';

/**
 * A JSON number kept as the text it was written with. EventBridge matches `3.0E2` against the pattern text
 * `3.0E2` exactly and numerically against `300`, so the spelling has to survive parsing: `JSON.parse` would
 * turn both into `300` and lose the difference.
 */
export class JsonNumber {
  constructor(readonly text: string) {}

  /** The nearest double (what `JSON.parse` would have produced). */
  valueOf(): number {
    return Number(this.text);
  }

  /** `JSON.stringify` writes the nearest double (it cannot write raw number text on Node 20). */
  toJSON(): number {
    return Number(this.text);
  }
}

/** A parsed JSON value. Objects have no prototype, so a `__proto__` key is an ordinary key. */
export type JsonValue = string | number | boolean | null | JsonNumber | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

const MAX_DEPTH = 1000;

/**
 * Parses JSON text the way EventBridge's parser (Jackson) reads it: numbers become {@link JsonNumber}s that keep
 * their spelling, a repeated key keeps its last value, and malformed input is rejected with a Jackson-style
 * message (`Unrecognized token 'this': was expecting ...`). Trailing content after the value is rejected.
 */
export function parseJson(text: string): JsonValue {
  const parser = new Parser(text);
  parser.skipWhitespace();
  if (parser.pos >= text.length) throw new JsonSyntaxError('No content to map due to end-of-input');
  const value = parser.parseValue(0);
  parser.skipWhitespace();
  if (parser.pos < text.length) {
    throw parser.unexpected('expected end of input');
  }
  return value;
}

/** Whether a value is a JSON object (as opposed to an array, a scalar or null). */
export function isJsonObject(value: unknown): value is JsonObject {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof JsonNumber)
  );
}

class Parser {
  pos = 0;
  constructor(private readonly text: string) {}

  skipWhitespace(): void {
    const text = this.text;
    let pos = this.pos;
    while (pos < text.length) {
      const c = text.charCodeAt(pos);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) pos++;
      else break;
    }
    this.pos = pos;
  }

  parseValue(depth: number): JsonValue {
    const c = this.text.charCodeAt(this.pos);
    switch (c) {
      case 0x7b /* { */:
        return this.parseObject(depth + 1);
      case 0x5b /* [ */:
        return this.parseArray(depth + 1);
      case 0x22 /* " */:
        return this.parseString();
      case 0x74 /* t */:
        return this.parseLiteral('true', true);
      case 0x66 /* f */:
        return this.parseLiteral('false', false);
      case 0x6e /* n */:
        return this.parseLiteral('null', null);
      default:
        if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return new JsonNumber(this.parseNumberText());
        if (Number.isNaN(c)) throw new JsonSyntaxError('Unexpected end-of-input: expected a value');
        if (isTokenChar(c)) throw this.unrecognizedToken();
        throw this.unexpected('expected a value');
    }
  }

  private parseObject(depth: number): JsonObject {
    if (depth > MAX_DEPTH) throw depthError();
    const obj: JsonObject = Object.create(null);
    this.pos++;
    this.skipWhitespace();
    if (this.text.charCodeAt(this.pos) === 0x7d) {
      this.pos++;
      return obj;
    }
    for (;;) {
      const c = this.text.charCodeAt(this.pos);
      if (c !== 0x22) {
        if (Number.isNaN(c)) throw eof('Object');
        throw this.unexpected('was expecting double-quote to start field name');
      }
      const key = this.parseString();
      this.skipWhitespace();
      if (this.text.charCodeAt(this.pos) !== 0x3a) {
        if (this.pos >= this.text.length) throw eof('Object');
        throw this.unexpected('was expecting a colon to separate field name and value');
      }
      this.pos++;
      this.skipWhitespace();
      // Last value wins for a repeated key, as with Jackson's tree model.
      obj[key] = this.parseValue(depth);
      this.skipWhitespace();
      const sep = this.text.charCodeAt(this.pos);
      if (sep === 0x2c) {
        this.pos++;
        this.skipWhitespace();
      } else if (sep === 0x7d) {
        this.pos++;
        return obj;
      } else if (Number.isNaN(sep)) {
        throw eof('Object');
      } else {
        throw this.unexpected('was expecting comma to separate Object entries');
      }
    }
  }

  private parseArray(depth: number): JsonValue[] {
    if (depth > MAX_DEPTH) throw depthError();
    const arr: JsonValue[] = [];
    this.pos++;
    this.skipWhitespace();
    if (this.text.charCodeAt(this.pos) === 0x5d) {
      this.pos++;
      return arr;
    }
    for (;;) {
      if (this.pos >= this.text.length) throw eof('Array');
      arr.push(this.parseValue(depth));
      this.skipWhitespace();
      const sep = this.text.charCodeAt(this.pos);
      if (sep === 0x2c) {
        this.pos++;
        this.skipWhitespace();
      } else if (sep === 0x5d) {
        this.pos++;
        return arr;
      } else if (Number.isNaN(sep)) {
        throw eof('Array');
      } else {
        throw this.unexpected('was expecting comma to separate Array entries');
      }
    }
  }

  parseString(): string {
    const text = this.text;
    const start = this.pos + 1;
    let pos = start;
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === 0x22) {
        this.pos = pos + 1;
        return text.slice(start, pos);
      }
      if (c === 0x5c) break;
      if (c < 0x20) throw this.badStringChar(pos);
      if (Number.isNaN(c)) throw eofInString();
      pos++;
    }
    // Slow path: the string has escapes.
    let out = text.slice(start, pos);
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === 0x22) {
        this.pos = pos + 1;
        return out;
      }
      if (Number.isNaN(c)) throw eofInString();
      if (c < 0x20) throw this.badStringChar(pos);
      if (c !== 0x5c) {
        out += text[pos];
        pos++;
        continue;
      }
      const e = text.charCodeAt(pos + 1);
      pos += 2;
      switch (e) {
        case 0x22:
          out += '"';
          break;
        case 0x5c:
          out += '\\';
          break;
        case 0x2f:
          out += '/';
          break;
        case 0x62:
          out += '\b';
          break;
        case 0x66:
          out += '\f';
          break;
        case 0x6e:
          out += '\n';
          break;
        case 0x72:
          out += '\r';
          break;
        case 0x74:
          out += '\t';
          break;
        case 0x75: {
          const hex = text.slice(pos, pos + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
            throw new JsonSyntaxError(
              'Unexpected character in Unicode escape: was expecting hex-digit for character escape sequence',
            );
          }
          out += String.fromCharCode(Number.parseInt(hex, 16));
          pos += 4;
          break;
        }
        default:
          if (Number.isNaN(e)) throw eofInString();
          throw new JsonSyntaxError(`Unrecognized character escape ${describeChar(e)}`);
      }
    }
  }

  private parseLiteral<T>(word: string, value: T): T {
    if (this.text.startsWith(word, this.pos) && !isTokenChar(this.text.charCodeAt(this.pos + word.length))) {
      this.pos += word.length;
      return value;
    }
    throw this.unrecognizedToken();
  }

  private parseNumberText(): string {
    const text = this.text;
    const start = this.pos;
    let pos = start;
    if (text.charCodeAt(pos) === 0x2d) pos++;
    const first = text.charCodeAt(pos);
    if (!(first >= 0x30 && first <= 0x39)) {
      if (isTokenChar(first) && !Number.isNaN(first)) {
        // "-Infinity", "-abc" ...
        throw new JsonSyntaxError(
          `Unexpected character (${describeChar(first)}) in numeric value: expected digit (0-9) to follow minus sign, for valid numeric value`,
        );
      }
      throw new JsonSyntaxError(
        'Unexpected end-of-input in numeric value: expected digit (0-9) to follow minus sign, for valid numeric value',
      );
    }
    pos++;
    if (first === 0x30) {
      const next = text.charCodeAt(pos);
      if (next >= 0x30 && next <= 0x39)
        throw new JsonSyntaxError('Invalid numeric value: Leading zeroes not allowed');
    } else {
      while (isDigit(text.charCodeAt(pos))) pos++;
    }
    if (text.charCodeAt(pos) === 0x2e) {
      pos++;
      if (!isDigit(text.charCodeAt(pos))) {
        throw new JsonSyntaxError(
          `Unexpected character (${describeChar(text.charCodeAt(pos))}) in numeric value: Decimal point not followed by a digit`,
        );
      }
      while (isDigit(text.charCodeAt(pos))) pos++;
    }
    const e = text.charCodeAt(pos);
    if (e === 0x65 || e === 0x45) {
      pos++;
      const sign = text.charCodeAt(pos);
      if (sign === 0x2b || sign === 0x2d) pos++;
      if (!isDigit(text.charCodeAt(pos))) {
        throw new JsonSyntaxError(
          `Unexpected character (${describeChar(text.charCodeAt(pos))}) in numeric value: Exponent indicator not followed by a digit`,
        );
      }
      while (isDigit(text.charCodeAt(pos))) pos++;
    }
    const after = text.charCodeAt(pos);
    if (isTokenChar(after)) {
      throw new JsonSyntaxError(
        `Unexpected character (${describeChar(after)}) in numeric value: expected digit (0-9), decimal point or exponent`,
      );
    }
    this.pos = pos;
    return text.slice(start, pos);
  }

  unexpected(expectation: string): JsonSyntaxError {
    const c = this.text.charCodeAt(this.pos);
    return new JsonSyntaxError(`Unexpected character (${describeChar(c)}): ${expectation}`);
  }

  private unrecognizedToken(): JsonSyntaxError {
    let end = this.pos;
    while (end < this.text.length && isTokenChar(this.text.charCodeAt(end))) end++;
    const token = this.text.slice(this.pos, Math.max(end, this.pos + 1));
    return new JsonSyntaxError(
      `Unrecognized token '${token}': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')`,
    );
  }

  private badStringChar(pos: number): JsonSyntaxError {
    const c = this.text.charCodeAt(pos);
    return new JsonSyntaxError(
      `Illegal unquoted character ((CTRL-CHAR, code ${c})): has to be escaped using backslash to be included in string value`,
    );
  }
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** Characters Jackson gathers into one "token" when it reports an unrecognized one. */
function isTokenChar(c: number): boolean {
  return (
    (c >= 0x30 && c <= 0x39) ||
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x61 && c <= 0x7a) ||
    c === 0x5f ||
    c === 0x2d ||
    c === 0x2b ||
    c === 0x2e ||
    c > 0x7f
  );
}

function describeChar(c: number): string {
  if (Number.isNaN(c)) return 'end-of-input';
  const ch = String.fromCharCode(c);
  return c < 0x20 ? `(CTRL-CHAR, code ${c})` : `'${ch}' (code ${c})`;
}

function eof(container: 'Object' | 'Array'): JsonSyntaxError {
  return new JsonSyntaxError(`Unexpected end-of-input: expected close marker for ${container}`);
}

function eofInString(): JsonSyntaxError {
  return new JsonSyntaxError('Unexpected end-of-input: was expecting closing quote for a string value');
}

function depthError(): JsonSyntaxError {
  return new JsonSyntaxError(`Document nesting depth exceeds the maximum allowed (${MAX_DEPTH})`);
}
