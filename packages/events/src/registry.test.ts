import { describe, expect, expectTypeOf, it } from 'vitest';
import type { CourseCompletedData, CourseCompletedV1Data } from './course/course-completed';
import {
  type CurrentEventOf,
  type DefinitionOf,
  type DomainEventOfType,
  EVENT_DEFINITIONS,
  EVENT_VERSIONS,
  type EventDataOf,
  EventType,
  type EventTypeName,
  findDefinition,
  isEventType,
  knownVersions,
} from './registry';

describe('EVENT_VERSIONS', () => {
  it('has a current version for every event type, and no others (checked at compile time)', () => {
    expectTypeOf<keyof typeof EVENT_VERSIONS>().toEqualTypeOf<EventTypeName>();
    // The mechanism: a version map missing a type does not compile.
    // @ts-expect-error CourseCompleted (and others) lack a version
    const incomplete: Record<EventTypeName, number> = { UserSignedUp: 1 };
    expect(Object.keys(incomplete)).toStrictEqual(['UserSignedUp']);
  });

  it('points every type at a version that has a definition (checked at compile time)', () => {
    type TypesWithoutCurrentDefinition = {
      [T in EventTypeName]: [DefinitionOf<T, (typeof EVENT_VERSIONS)[T]>] extends [never] ? T : never;
    }[EventTypeName];
    expectTypeOf<TypesWithoutCurrentDefinition>().toBeNever();
    for (const type of Object.values(EventType)) {
      expect(findDefinition(type, EVENT_VERSIONS[type])?.type).toBe(type);
    }
  });

  it('is the newest known version of each type', () => {
    for (const type of Object.values(EventType)) {
      expect(Math.max(...knownVersions(type))).toBe(EVENT_VERSIONS[type]);
    }
  });
});

describe('EVENT_DEFINITIONS', () => {
  it('holds each type and version once, only for known types', () => {
    const keys = EVENT_DEFINITIONS.map((d) => `${d.type}@${d.version}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(EVENT_DEFINITIONS.every((d) => isEventType(d.type))).toBe(true);
  });

  it('names types in PascalCase past tense with a description and a domain', () => {
    for (const definition of EVENT_DEFINITIONS) {
      expect(definition.type).toMatch(/^[A-Z][A-Za-z]+$/);
      expect(definition.description.length).toBeGreaterThan(10);
    }
  });

  it('marks SupportTicketOpened, and only it, as sensitive', () => {
    expect(EVENT_DEFINITIONS.filter((d) => d.sensitive).map((d) => d.type)).toStrictEqual([
      'SupportTicketOpened',
    ]);
  });
});

describe('findDefinition and knownVersions', () => {
  it('finds a type and version, and nothing for unknown ones', () => {
    expect(findDefinition('CourseCompleted', 1)?.version).toBe(1);
    expect(findDefinition('CourseCompleted', 3)).toBeUndefined();
    expect(findDefinition('CourseCancelled', 1)).toBeUndefined();
  });

  it('lists the accepted versions oldest first', () => {
    expect(knownVersions('CourseCompleted')).toStrictEqual([1, 2]);
    expect(knownVersions('UserSignedUp')).toStrictEqual([1]);
    expect(knownVersions('CourseCancelled')).toStrictEqual([]);
  });

  it('isEventType accepts type names only', () => {
    expect(isEventType('CourseCompleted')).toBe(true);
    expect(isEventType('courseCompleted')).toBe(false);
    expect(isEventType('toString')).toBe(false);
  });
});

describe('derived types', () => {
  it('narrows payloads by type and version', () => {
    expectTypeOf<EventDataOf<'CourseCompleted'>>().toEqualTypeOf<CourseCompletedData>();
    expectTypeOf<CurrentEventOf<'CourseCompleted'>['metadata']['version']>().toEqualTypeOf<2>();
    expectTypeOf<DomainEventOfType<'CourseCompleted'>['data']>().toEqualTypeOf<
      CourseCompletedV1Data | CourseCompletedData
    >();
  });
});
