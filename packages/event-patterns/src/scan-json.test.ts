import { describe, expect, it } from 'vitest';
import { InvalidEventError } from './errors';
import { EventValues } from './event-values';
import { FieldTrie } from './field-trie';
import { RuleSet } from './rule-set';
import { Scanner } from './scan-json';

// Tens of thousands of scans each: seconds on a loaded 2-core machine, so not vitest's 5 s default.
const SLOW_TEST_TIMEOUT_MS = 60_000;

// The scanner reads one reused buffer and relies on a 0 sentinel after the text instead of bounds checks, so these
// tests always scan a longer event first: stale bytes past the end must never be read as part of the next event.
const EVENT =
  '{"detail":{"id":"a-1","n":-12.5e+3,"ok":true,"no":false,"nil":null,"tags":["x","y\\u00e9"],' +
  '"deep":[{"k":[1,2,{"m":"\\"q\\""}]},[]],"skipped":{"t":true,"f":false,"z":null,"s":"a\\\\b","d":0.25E-2}},' +
  '"source":"sfe-x","skipped":[[{"x":-122.41675047552937,"y":37.72791357043467,"z":0.0}]],"last":{}}';

function ruleSet(): RuleSet {
  const rules = new RuleSet();
  rules.add('read', { detail: { id: ['a-1'], n: [{ numeric: ['<', 0] }], ok: [true], tags: ['x'] } });
  rules.add('deep', { detail: { deep: { k: [2] }, nil: [null] } });
  return rules;
}

/** Whether JSON.parse accepts the text as an object (the scanner's accept/reject must agree). */
function isJsonObject(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

describe('the event scanner', () => {
  it(
    'reads events that end at the edge of its buffer',
    () => {
      // A new scanner's buffer has 4,096 bytes: events of about that length end where the sentinel and the 4-byte
      // reads of long fractions meet the buffer's end. Every length near it, and every alignment of the digits.
      const trie = new FieldTrie();
      trie.add('a').field = 0;
      const values = new EventValues();
      for (let length = 4070; length <= 4110; length++) {
        for (const head of ['{"a":1.', '{ "a":1.', '{  "a":1.', '{   "a":1.']) {
          const text = `${head}${'2'.repeat(length - head.length - 1)}}`;
          for (const event of [text, new TextEncoder().encode(text)]) {
            values.reset(1);
            new Scanner().scan(event, trie.root, values); // a new one, to start from its first buffer
            expect(values.count, `${length} ${typeof event}`).toBe(1);
            expect(values.texts[0]).toBe(text.slice(head.length - 2, -1));
          }
        }
      }
    },
    SLOW_TEST_TIMEOUT_MS,
  );

  it('reads the whole event when it is valid', () => {
    expect(ruleSet().matchingRules(EVENT)).toStrictEqual(['read', 'deep']);
  });

  it(
    'rejects every truncation of an event, whatever the buffer held before',
    () => {
      const rules = ruleSet();
      for (let cut = 0; cut < EVENT.length; cut++) {
        rules.matchingRules(EVENT);
        const text = EVENT.slice(0, cut);
        expect(() => rules.matchingRules(text), text).toThrow(InvalidEventError);
        rules.matchingRules(EVENT);
        expect(() => rules.matchingRules(new TextEncoder().encode(text)), text).toThrow(InvalidEventError);
      }
    },
    SLOW_TEST_TIMEOUT_MS,
  );

  it(
    'accepts and rejects exactly what JSON.parse does, for every one-byte change of an event',
    () => {
      const rules = ruleSet();
      // Bytes that change a token's meaning: structure, literals' letters, number parts, escapes, whitespace, NUL.
      const replacements = [
        '"',
        '\\',
        '{',
        '}',
        '[',
        ']',
        ',',
        ':',
        ' ',
        '\n',
        '\0',
        '0',
        '1',
        '-',
        '+',
        '.',
        'e',
        'u',
        't',
        'a',
        'x',
      ];
      let checked = 0;
      for (let at = 0; at < EVENT.length; at++) {
        for (const r of [...replacements, '']) {
          const text = EVENT.slice(0, at) + r + EVENT.slice(at + 1);
          rules.matchingRules(EVENT);
          let accepted = true;
          try {
            rules.matchingRules(text);
          } catch (error) {
            expect(error, text).toBeInstanceOf(InvalidEventError);
            accepted = false;
          }
          expect(accepted, text).toBe(isJsonObject(text));
          checked++;
        }
      }
      expect(checked).toBe(EVENT.length * 22);
    },
    SLOW_TEST_TIMEOUT_MS,
  );
});
