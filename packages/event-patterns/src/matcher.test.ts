import { describe, expect, it } from 'vitest';
import { InvalidEventPatternError } from './errors';
import { JsonNumber } from './json';
import { compilePattern, matches } from './matcher';

describe('compilePattern', () => {
  it('matches events given as JSON text or as parsed values', () => {
    const matcher = compilePattern('{"detail":{"state":[{"anything-but":"initializing"}]}}');
    expect(matcher.matches('{"detail":{"state":"running"}}')).toBe(true);
    expect(matcher.matches({ detail: { state: 'initializing' } })).toBe(false);
    expect(matcher.matches({ detail: { state: null } })).toBe(true);
    expect(matcher.matches({ detail: {} })).toBe(false);
  });

  it('compares numbers by value and by spelling', () => {
    const matcher = compilePattern({ n: [new JsonNumber('300')] });
    expect(
      [300, new JsonNumber('300.0'), new JsonNumber('3.0E2'), '300'].map((n) => matcher.matches({ n })),
    ).toStrictEqual([true, true, true, false]);
  });

  it('decodes escapes in event text keys and values', () => {
    const matcher = compilePattern({ 'a"b': ['x\ny'] });
    expect(matcher.matches('{"a\\"b":"x\\ny"}')).toBe(true);
  });

  it.each([
    [{ a: 'x' }, '"a" must be an object or an array'],
    [{ a: [{ EXISTS: true }] }, 'Unrecognized match type EXISTS'],
    [{ a: [{ numeric: ['>', 0, '>', 0] }] }, 'Bad numeric range operator: >'],
    [{ a: [{ numeric: ['>', 5, '<', 5] }] }, 'Bottom must be less than top'],
    [{ a: [{ wildcard: 'a**' }] }, 'Consecutive wildcard characters at pos 2'],
    [{ $or: [{ a: ['x'] }] }, 'There must have at least 2 Objects in $or relationship.'],
    [
      { $or: [{ prefix: ['x'] }, { a: ['y'] }] },
      'prefix is Ruler reserved fieldName which cannot be used inside $or.',
    ],
    [
      { a: [{ 'anything-but': ['x', 1] }] },
      'Inside anything but list, either all values are number or string, mixed type is not supported',
    ],
    [{ a: [{ numeric: ['=', new JsonNumber('1e400')] }] }, 'Cannot compare number : 1e400'],
    [[{ a: ['x'] }], 'Filter is not an object'],
  ])('rejects %j: %s', (pattern, reason) => {
    expect(() => compilePattern(pattern)).toThrow(new InvalidEventPatternError(reason));
  });
});

describe('matches', () => {
  it('answers like TestEventPattern', () => {
    expect(matches({ source: ['a'] }, { source: 'a' })).toBe(true);
    expect(matches({ source: ['a'] }, { source: 'b' })).toBe(false);
  });
});
