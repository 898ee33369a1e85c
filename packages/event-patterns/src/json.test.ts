import { describe, expect, it } from 'vitest';
import { JsonSyntaxError } from './errors';
import { JsonNumber, parseJson } from './json';

describe('parseJson', () => {
  it('keeps numbers as written', () => {
    expect(parseJson('{"a":[3.0E2,-0,1e400]}')).toStrictEqual(
      Object.assign(Object.create(null), {
        a: [new JsonNumber('3.0E2'), new JsonNumber('-0'), new JsonNumber('1e400')],
      }),
    );
  });

  it('keeps the last value of a repeated key', () => {
    const parsed = parseJson('{"a":1,"b":{"c":"x"},"a":"last"}') as Record<string, unknown>;
    expect(parsed.a).toBe('last');
  });

  it('treats __proto__ as an ordinary key', () => {
    const parsed = parseJson('{"__proto__":["x"]}') as Record<string, unknown>;
    expect(Object.keys(parsed)).toStrictEqual(['__proto__']);
    expect(Object.getOwnPropertyDescriptor(parsed, '__proto__')?.value).toStrictEqual(['x']);
  });

  it('decodes escapes', () => {
    expect(parseJson('"a\\"b\\\\c\\u00e9\\n"')).toBe('a"b\\cé\n');
  });

  it.each([
    [
      'this is valid json but not a dict',
      "Unrecognized token 'this': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')",
    ],
    [
      "{'bad': 'quotation'}",
      "Unexpected character (''' (code 39)): was expecting double-quote to start field name",
    ],
    [
      '{"not": closed mark"',
      "Unrecognized token 'closed': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')",
    ],
    ['{"a": 01}', 'Invalid numeric value: Leading zeroes not allowed'],
    ['{"a": 1} x', "Unexpected character ('x' (code 120)): expected end of input"],
    ['{"a": [1, 2}', "Unexpected character ('}' (code 125)): was expecting comma to separate Array entries"],
    [
      '{"a": "\u0001"}',
      'Illegal unquoted character ((CTRL-CHAR, code 1)): has to be escaped using backslash to be included in string value',
    ],
    ['', 'No content to map due to end-of-input'],
  ])('rejects %j with a Jackson-style message', (text, message) => {
    expect(() => parseJson(text)).toThrow(new JsonSyntaxError(message));
  });
});
