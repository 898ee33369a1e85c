import { describe, expect, it } from 'vitest';
import {
  caseInsensitiveText,
  endsWithIgnoreCase,
  equalsIgnoreCase,
  startsWithIgnoreCase,
} from './ignore-case';

describe('equalsIgnoreCase', () => {
  it.each([
    ['EventB', 'eventb', true],
    ['EventB', 'EVENTB', true],
    ['EventB', 'eventc', false],
    ['Straße', 'STRASSE', true], // ß accepts its upper case, SS
    ['Straße', 'strasse', false], // but not ss
    ['STRASSE', 'Straße', false],
    ['\u212a', 'k', true], // the Kelvin sign lower-cases to k
    ['\u212a', 'K', false],
    ['k', '\u212a', false], // the value is not case-mapped
    ['café', 'CAFÉ', true],
  ])('%j vs %j is %s', (pattern, value, expected) => {
    expect(equalsIgnoreCase(caseInsensitiveText(pattern), value)).toBe(expected);
  });
});

describe('startsWithIgnoreCase / endsWithIgnoreCase', () => {
  it('compares the start and end of the value', () => {
    expect(startsWithIgnoreCase(caseInsensitiveText('eventb'), 'EventBridge')).toBe(true);
    expect(endsWithIgnoreCase(caseInsensitiveText('.PNG'), 'photo.png')).toBe(true);
    expect(endsWithIgnoreCase(caseInsensitiveText('.png'), 'png')).toBe(false);
  });

  it('sees the value quoted, as the engine does', () => {
    expect(startsWithIgnoreCase(caseInsensitiveText('ab"'), 'AB')).toBe(true);
    expect(endsWithIgnoreCase(caseInsensitiveText('"ab'), 'AB')).toBe(true);
  });
});
