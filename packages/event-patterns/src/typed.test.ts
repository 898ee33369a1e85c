import { EventType } from '@sfe/events';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { compilePattern } from './matcher';
import { domainEventPattern, type FieldPattern, type PatternOf } from './typed';

interface Order {
  id: string;
  total: number;
  paid: boolean;
  note?: string;
  status: 'open' | 'closed';
  customer: { tier: 'gold' | 'silver'; country: string };
  lines: { sku: string; quantity: number }[];
  tags: string[];
}

describe('PatternOf', () => {
  it('accepts fields of the type with values and operators that fit them', () => {
    const pattern: PatternOf<Order> = {
      id: [{ prefix: 'o-' }],
      total: [{ numeric: ['>', 0, '<=', 100] }, 250],
      paid: [true],
      note: [{ exists: false }],
      status: ['open'],
      customer: { tier: ['gold'], country: [{ 'anything-but': ['FR', 'DE'] }] },
      lines: { quantity: [{ numeric: ['>=', 10] }] },
      tags: [{ wildcard: 'vip-*' }],
      $or: [{ total: [0] }, { paid: [false] }],
    };
    expect(compilePattern(pattern).matches({ id: 'o-1', total: 5, paid: true, status: 'open' })).toBe(false);
  });

  it('rejects unknown fields, wrong value types and operators of the wrong kind', () => {
    // @ts-expect-error no such field
    const unknownField: PatternOf<Order> = { shipping: ['fast'] };
    // @ts-expect-error total is a number
    const wrongType: PatternOf<Order> = { total: ['100'] };
    // @ts-expect-error not one of the literals
    const wrongLiteral: PatternOf<Order> = { status: ['pending'] };
    // @ts-expect-error numeric applies to numbers only
    const numericOnString: PatternOf<Order> = { id: [{ numeric: ['>', 1] }] };
    // @ts-expect-error prefix applies to strings only
    const prefixOnNumber: PatternOf<Order> = { total: [{ prefix: '1' }] };
    // @ts-expect-error nested fields are checked too
    const nestedUnknown: PatternOf<Order> = { customer: { region: ['eu'] } };
    // @ts-expect-error leaves are non-empty lists
    const emptyList: PatternOf<Order> = { id: [] };
    expect([
      unknownField,
      wrongType,
      wrongLiteral,
      numericOnString,
      prefixOnNumber,
      nestedUnknown,
      emptyList,
    ]).toHaveLength(7);
  });

  it('types an array field by its elements', () => {
    expectTypeOf<FieldPattern<string[]>>().toEqualTypeOf<FieldPattern<string>>();
  });
});

describe('domainEventPattern', () => {
  it('builds the pattern for an event type with typed data, metadata and version filters', () => {
    const pattern = domainEventPattern(EventType.CourseCompleted, {
      data: { courseId: ['c-42'] },
      metadata: { source: [{ prefix: 'sfe-' }] },
      version: [2],
    });
    expect(pattern).toStrictEqual({
      'detail-type': ['CourseCompleted'],
      detail: { metadata: { source: [{ prefix: 'sfe-' }], version: [2] }, data: { courseId: ['c-42'] } },
    });
  });

  it('matches our events on the bus', () => {
    const matcher = compilePattern(
      domainEventPattern([EventType.CourseCompleted, EventType.CourseRegistered]),
    );
    const event = {
      source: 'sfe-stream-processor',
      'detail-type': 'CourseRegistered',
      detail: { metadata: { version: 1 }, data: {} },
    };
    expect(matcher.matches(event)).toBe(true);
  });

  it('only allows fields the event schema has', () => {
    const unknownDataField = domainEventPattern(EventType.CourseCompleted, {
      // @ts-expect-error CourseCompleted v2 has courseTitle, not courseName
      data: { courseName: ['x'] },
    });
    const unknownMetadataField = domainEventPattern(EventType.CourseCompleted, {
      // @ts-expect-error metadata has no such field
      metadata: { tenant: ['a'] },
    });
    expect([unknownDataField['detail-type'], unknownMetadataField['detail-type']]).toStrictEqual([
      ['CourseCompleted'],
      ['CourseCompleted'],
    ]);
  });
});
