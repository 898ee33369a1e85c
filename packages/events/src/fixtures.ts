// Test fixtures for every service (`@sfe/events/fixtures`): one realistic EventBridge event per type and version,
// exactly as a target receives it, kept in packages/events/fixtures/<Type>.v<N>.json. Tests only: reads files.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { EventBridgeEvent, PublishableEvent } from './eventbridge';
import {
  type DefinitionOf,
  type DomainEventOf,
  EVENT_DEFINITIONS,
  EVENT_VERSIONS,
  type EventTypeName,
} from './registry';

/** The fixture of one type and version: an EventBridge event whose `detail` is that version's event. */
export type FixtureOf<
  T extends EventTypeName,
  V extends number = (typeof EVENT_VERSIONS)[T],
> = EventBridgeEvent<T, DomainEventOf<DefinitionOf<T, V>>>;

/** Absolute path of a fixture file, e.g. `.../packages/events/fixtures/CourseCompleted.v2.json`. */
export function fixturePath(type: EventTypeName, version: number = EVENT_VERSIONS[type]): string {
  return fileURLToPath(new URL(`../fixtures/${type}.v${version}.json`, import.meta.url));
}

/**
 * A fresh copy (mutate it freely) of the fixture of a type, current version unless `version` is given.
 * @example const delivered = loadFixture('CourseCompleted'); sqsRecord.body = JSON.stringify(delivered);
 */
export function loadFixture<T extends EventTypeName, V extends number = (typeof EVENT_VERSIONS)[T]>(
  type: T,
  version?: V,
): FixtureOf<T, V> {
  return JSON.parse(readFileSync(fixturePath(type, version ?? EVENT_VERSIONS[type]), 'utf8')) as FixtureOf<
    T,
    V
  >;
}

/** Every fixture, one per type and version in the registry. */
export function loadAllFixtures(): { type: EventTypeName; version: number; event: EventBridgeEvent }[] {
  return EVENT_DEFINITIONS.map((definition) => ({
    type: definition.type,
    version: definition.version,
    event: loadFixture(definition.type, definition.version) as EventBridgeEvent,
  }));
}

/**
 * Wraps an event (e.g. from `createEvent`) the way EventBridge delivers it, for tests that feed consumers.
 * `time` is `metadata.created` at second precision, as EventBridge writes it.
 */
export function asEventBridgeEvent<E extends PublishableEvent>(
  event: E,
  overrides: Partial<Pick<EventBridgeEvent, 'id' | 'account' | 'region' | 'time'>> = {},
): EventBridgeEvent<E['metadata']['type'], { metadata: E['metadata']; data: E['data'] }> {
  return {
    version: '0',
    id: overrides.id ?? randomUUID(),
    'detail-type': event.metadata.type,
    source: event.metadata.source,
    account: overrides.account ?? '111122223333',
    time: overrides.time ?? `${new Date(event.metadata.created).toISOString().slice(0, 19)}Z`,
    region: overrides.region ?? 'eu-west-2',
    resources: [],
    detail: { metadata: event.metadata, data: event.data },
  };
}
