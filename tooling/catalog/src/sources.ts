// The one place this package learns what the code declares: which services exist and what they subscribe to,
// who publishes which event versions, and each version's example event and JSON Schema. Everything else in the
// package is computed from what this module returns, so switching where services are discovered changes only
// this file.
import { EVENT_DEFINITIONS, type EventDefinition, eventJsonSchemas, SOURCE_PREFIX } from '@sfe/events';
import { loadAllFixtures } from '@sfe/events/fixtures';
import { discoverServices } from '@sfe/service-definition/discovery';
import { STREAM_PROCESSOR_SOURCE, TRANSITIONS } from '@sfe/stream-processor/domain';
import type { ExampleEvent, Production, ServiceSubscriptions } from './routes';

/** Everything the catalog is computed from. */
export interface CatalogSources {
  /** Every event type and version in the registry, oldest version first within a type. */
  readonly definitions: readonly EventDefinition[];
  /** One example event per type and version (the registry's fixtures), as EventBridge delivers it. */
  readonly events: readonly ExampleEvent[];
  /** The JSON Schema of each type and version, keyed by its file name (`CourseCompleted.v2.json`). */
  readonly schemas: ReadonlyMap<string, object>;
  /** Every consuming service with its rules. */
  readonly services: readonly ServiceSubscriptions[];
  /** Every declared production of an event version. */
  readonly productions: readonly Production[];
}

/** The stream processor's service name: its event source without the `sfe-` prefix. */
export const STREAM_PROCESSOR_SERVICE = STREAM_PROCESSOR_SOURCE.slice(SOURCE_PREFIX.length);

/** Loads the catalog's sources from the workspace: the event registry, the apps and the stream processor. */
export async function loadCatalogSources(): Promise<CatalogSources> {
  // Every app exporting a definition (what `pnpm dev` runs), each with its rules.
  const services = (await discoverServices())
    .filter(({ definition }) => definition.subscriptions.length > 0)
    .map(({ definition }) => ({ service: definition.name, subscriptions: definition.subscriptions }));
  return {
    definitions: EVENT_DEFINITIONS,
    events: loadAllFixtures(),
    schemas: eventJsonSchemas(),
    services,
    productions: TRANSITIONS.map((transition) => ({
      service: STREAM_PROCESSOR_SERVICE,
      type: transition.eventType,
      version: transition.version,
      via: `transition ${transition.name}`,
    })),
  };
}
