import { describe, expect, it } from 'vitest';
import { InvalidEventError, InvalidEventPatternError } from './errors';
import { parseJson } from './json';
import { RuleSet } from './rule-set';

const employees = {
  employees: [
    { firstName: 'John', lastName: 'Doe' },
    { firstName: 'Anna', lastName: 'Smith' },
    { firstName: 'Peter', lastName: 'Jones' },
  ],
};

describe('RuleSet', () => {
  it('returns the names of the matching rules in the order they were added', () => {
    const rules = new RuleSet();
    rules.add('completions', { 'detail-type': ['CourseCompleted'] });
    rules.add('everything-from-us', { source: [{ prefix: 'sfe-' }] });
    rules.add('registrations', { 'detail-type': ['CourseRegistered'] });
    const event = '{"source":"sfe-stream-processor","detail-type":"CourseCompleted","detail":{}}';
    expect(rules.matchingRules(event)).toStrictEqual(['completions', 'everything-from-us']);
  });

  it('replaces a rule added again under the same name, and removes rules', () => {
    const rules = new RuleSet();
    rules.add('r', { a: ['1'] });
    rules.add('r', { a: ['2'] });
    expect(rules.matchingRules({ a: '1' })).toStrictEqual([]);
    expect(rules.matchingRules({ a: '2' })).toStrictEqual(['r']);
    expect(rules.remove('r')).toBe(true);
    expect(rules.remove('r')).toBe(false);
    expect(rules.matchingRules({ a: '2' })).toStrictEqual([]);
    expect([rules.size, rules.names()]).toStrictEqual([0, []]);
  });

  it('keeps other rules intact when a rule sharing their tests is removed', () => {
    const rules = new RuleSet();
    rules.add('one', { a: ['x'], b: [{ prefix: 'p' }] });
    rules.add('two', { a: ['x'] });
    rules.remove('one');
    expect(rules.matchingRules({ a: 'x', b: 'pq' })).toStrictEqual(['two']);
  });

  it('rejects an invalid pattern with the reason and leaves the set unchanged', () => {
    const rules = new RuleSet();
    expect(() => rules.add('bad', { a: [] })).toThrow(
      new InvalidEventPatternError('Empty arrays are not allowed'),
    );
    expect(rules.size).toBe(0);
  });

  it('matches fields of one array element together (array consistency)', () => {
    const rules = new RuleSet();
    rules.add('same-element', { employees: { firstName: ['Anna'], lastName: ['Smith'] } });
    rules.add('across-elements', { employees: { firstName: ['Anna'], lastName: ['Jones'] } });
    expect(rules.matchingRules(employees)).toStrictEqual(['same-element']);
  });

  it('reads exists:false within the array element of the fields before it, as the engine does', () => {
    const rules = new RuleSet();
    // x.b sorts before x.c: c is looked for in the element where b matched, and it is not there.
    rules.add('b-then-absent-c', { x: { b: [2], c: [{ exists: false }] } });
    // x.a sorts before x.b: a is looked for before any element is chosen, and the event has one.
    rules.add('absent-a-then-b', { x: { a: [{ exists: false }], b: [2] } });
    expect(rules.matchingRules({ x: [{ b: 2 }, { c: 1 }] })).toStrictEqual([
      'b-then-absent-c',
      'absent-a-then-b',
    ]);
    expect(rules.matchingRules({ x: [{ a: 1 }, { b: 2 }] })).toStrictEqual(['b-then-absent-c']);
    expect(rules.matchingRules({ x: [{ b: 2, c: 1 }] })).toStrictEqual(['absent-a-then-b']);
  });

  it('treats null as a present value and an empty array as absence', () => {
    const rules = new RuleSet();
    rules.add('present', { a: [{ exists: true }] });
    rules.add('absent', { a: [{ exists: false }] });
    expect(rules.matchingRules({ a: null })).toStrictEqual(['present']);
    expect(rules.matchingRules({ a: [] })).toStrictEqual(['absent']);
    expect(rules.matchingRules({ a: {} })).toStrictEqual(['absent']);
  });

  it('reaches a field by a dotted key in the pattern or the event', () => {
    const rules = new RuleSet();
    rules.add('dotted', { detail: { 'state.status': ['running'] } });
    expect(rules.matchingRules('{"detail":{"state":{"status":"running"}}}')).toStrictEqual(['dotted']);
    expect(rules.matchingRules('{"detail":{"state.status":"running"}}')).toStrictEqual(['dotted']);
  });

  it('reads event text as EventBridge does: numbers as written, the last of a repeated key', () => {
    const rules = new RuleSet();
    rules.add('three-hundred', { n: [300] });
    rules.add('spelled', { n: ['3.0E2'] });
    rules.add('b', { a: ['b'] });
    expect(rules.matchingRules('{"n":3.0E2}')).toStrictEqual(['three-hundred']);
    expect(rules.matchingRules('{"a":"b","a":"c"}')).toStrictEqual([]);
    expect(rules.matchingRules('{"a":"c","a":"b"}')).toStrictEqual(['b']);
    expect(rules.matchingRules(parseJson('{"n":300.0}'))).toStrictEqual(['three-hundred']);
  });

  it('reads UTF-8 bytes as well as strings, non-ASCII text included', () => {
    const rules = new RuleSet();
    rules.add('street', { properties: { STREET: [{ 'equals-ignore-case': 'straße' }] } });
    rules.add('city', { properties: { cité: ['Zürich'] } });
    const text = '{"properties":{"STREET":"STRASSE","cité":"Z\\u00fcrich","note":"ünïcödé \\" escaped"}}';
    expect(rules.matchingRules(text)).toStrictEqual(['street', 'city']);
    expect(rules.matchingRules(new TextEncoder().encode(text))).toStrictEqual(['street', 'city']);
  });

  it('rejects event text that is not a JSON object', () => {
    const rules = new RuleSet();
    rules.add('r', { a: ['x'] });
    expect(() => rules.matchingRules('{"a":"x"')).toThrow(InvalidEventError);
    expect(() => rules.matchingRules('{"z":[1,}')).toThrow(InvalidEventError);
    expect(() => rules.matchingRules('["a"]')).toThrow(new InvalidEventError('Event must be a JSON object'));
    expect(() => rules.matchingRules('5')).toThrow(new InvalidEventError('Event must be a JSON object'));
  });

  it('validates the parts of an event no rule reads, as strictly as the rest', () => {
    const rules = new RuleSet();
    rules.add('r', { a: ['x'] });
    expect(rules.matchingRules('{"a":"x","z":{ "k" : [ {} , [ ] , { "m" : -1.5e+3 } ] } }')).toStrictEqual([
      'r',
    ]);
    for (const text of [
      '{"a":"x","z":{"k":1,}}',
      '{"a":"x","z":[1,]}',
      '{"a":"x","z":{,"k":1}}',
      '{"a":"x","z":{"k":1 "m":2}}',
      '{"a":"x","z":{"k"}}',
      '{"a":"x","z":{"k":01}}',
      '{"a":"x","z":{"k":1',
      '{"a":"x","z":{"k',
    ]) {
      expect(() => rules.matchingRules(text), text).toThrow(InvalidEventError);
      expect(() => rules.matchingRules(new TextEncoder().encode(text)), text).toThrow(InvalidEventError);
    }
  });

  it('matches any of many exact and prefix rules with one lookup per value', () => {
    const rules = new RuleSet();
    for (let i = 0; i < 10_000; i++) {
      rules.add(`exact-${i}`, { id: [`id-${i}`] });
      rules.add(`prefix-${i}`, { name: [{ prefix: `n${i}-` }] });
    }
    expect(rules.matchingRules({ id: 'id-9999', name: 'n42-x' })).toStrictEqual(['prefix-42', 'exact-9999']);
    // Adding 20,000 rules takes seconds on a loaded 2-core machine: not vitest's 5 s default.
  }, 60_000);

  it('checks rules with only exists:false conditions on every event', () => {
    const rules = new RuleSet();
    rules.add('no-detail-type', { 'detail-type': [{ exists: false }] });
    expect(rules.matchingRules({ source: 'x' })).toStrictEqual(['no-detail-type']);
    expect(rules.matchingRules({ 'detail-type': 'y' })).toStrictEqual([]);
  });
});
