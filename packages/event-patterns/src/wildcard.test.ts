import { describe, expect, it } from 'vitest';
import { InvalidEventPatternError } from './errors';
import { MAX_WILDCARD_COMPLEXITY, parseWildcard, wildcardComplexity, wildcardMatches } from './wildcard';

describe('wildcardMatches', () => {
  it.each([
    ['*', '', true],
    ['a*', 'abc', true],
    ['*c', 'abc', true],
    ['a*c', 'ac', true],
    ['a*b*c', 'aXbYc', true],
    ['a*b*c', 'acb', false],
    ['/Users/*/dir/dir/dir/dir/dir/doc.txt', '/Users/me/dir/dir/dir/dir/dir/doc.txt', true],
    ['\\*', '*', true],
    ['\\*', 'x', false],
    ['a\\\\*', 'a\\anything', true],
    ['', '', true],
    ['', 'x', false],
  ])('%j against %j is %s', (pattern, value, expected) => {
    expect(wildcardMatches(parseWildcard(pattern), value)).toBe(expected);
  });

  it.each([
    ['arn:aws:events:us-east-1:**:event-bus/*', 'Consecutive wildcard characters at pos 26'],
    ['a\\b', 'Invalid escape character at pos 2'],
    ['é\\', 'Invalid escape character at pos 3'], // positions count UTF-8 bytes of the quoted value
  ])('rejects %j', (pattern, reason) => {
    expect(() => parseWildcard(pattern)).toThrow(new InvalidEventPatternError(reason));
  });
});

describe('wildcardComplexity', () => {
  it.each([
    [['arn:aws:events:us-east-1:*:event-bus/*'], 3],
    [['/Users/*/dir/dir/dir/dir/dir/doc.txt'], 7],
    [['*:stack/Alpha/*', '*:stack/Beta/*', '*:stack/Gamma/*'], 9],
    [['*:*:*:*:*:event-bus/*'], 11],
  ])('of %j is %d', (patterns, complexity) => {
    expect(wildcardComplexity(patterns.map(parseWildcard), 100)).toBe(complexity);
  });

  it('puts the limit between what AWS accepted and rejected', () => {
    expect(MAX_WILDCARD_COMPLEXITY).toBe(10);
  });
});
