import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { type Consumer, computeRoutes, loadCatalogSources, type Route } from '@sfe/catalog';
import { EVENT_DEFINITIONS, EVENT_VERSIONS, eventSchemasDirectory, schemaFileName } from '@sfe/events';
import { defineCommand } from '../command';

interface EventRow {
  readonly type: string;
  readonly version: number;
  readonly domain: string;
  readonly current: boolean;
  readonly sensitive: boolean;
  /** Relative to where the command was run. */
  readonly schema: string;
  readonly schemaExists: boolean;
  readonly description: string;
  /** Services that publish this version (computed by `@sfe/catalog`). */
  readonly producers: readonly string[];
  /** Rules whose pattern matches this version's example event (computed by `@sfe/catalog`). */
  readonly consumers: readonly Consumer[];
}

function eventRows(cwd: string, routes: readonly Route[]): EventRow[] {
  return EVENT_DEFINITIONS.map((definition) => {
    const path = join(eventSchemasDirectory(), schemaFileName(definition.type, definition.version));
    const route = routes.find((r) => r.type === definition.type && r.version === definition.version);
    return {
      type: definition.type,
      version: definition.version,
      domain: definition.domain,
      current: EVENT_VERSIONS[definition.type] === definition.version,
      sensitive: definition.sensitive,
      schema: relative(cwd, path),
      schemaExists: existsSync(path),
      description: definition.description,
      producers: route?.producers ?? [],
      consumers: route?.consumers ?? [],
    };
  });
}

const listOrDash = (items: readonly string[]) => (items.length > 0 ? items.join(',') : '-');

/** Left-aligned columns separated by two spaces; no trailing spaces. */
function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)),
  );
  return [header, ...rows]
    .map((cells) =>
      cells
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** `pnpm sfe events list`: every event type and version in the registry, as a table (or JSON with --json). */
export const eventsListCommand = defineCommand({
  path: ['events', 'list'],
  summary:
    'Lists every event type and version: domain, whether current, sensitive (claim-checked), producers, consumers, JSON Schema.',
  options: { json: { type: 'boolean', description: 'print the rows as JSON' } },
  examples: ['pnpm sfe events list', 'pnpm sfe events list --json'],
  async run({ options }, io) {
    const { json } = options;
    const rows = eventRows(io.cwd, computeRoutes(await loadCatalogSources()).routes);
    if (json) {
      io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
      return 0;
    }
    const table = formatTable(
      ['TYPE', 'VERSION', 'DOMAIN', 'CURRENT', 'SENSITIVE', 'PRODUCERS', 'CONSUMERS', 'JSON SCHEMA'],
      rows.map((row) => [
        row.type,
        `v${row.version}`,
        row.domain,
        row.current ? 'yes' : 'no',
        row.sensitive ? 'yes' : 'no',
        listOrDash(row.producers),
        listOrDash([...new Set(row.consumers.map((c) => c.service))]),
        row.schemaExists ? row.schema : `${row.schema} (missing)`,
      ]),
    );
    const types = new Set(rows.map((row) => row.type)).size;
    io.stdout(
      `${table}\n\n${rows.length} versions of ${types} event types. Producers and consumers are computed from the ` +
        "code: a consumer is a rule whose pattern matches the version's example event (pnpm sfe catalog).\n" +
        'Sensitive types always travel by claim check.\n',
    );
    if (rows.some((row) => !row.schemaExists)) {
      io.stderr('Some JSON Schemas are missing: run `pnpm --filter @sfe/events schemas`.\n');
      return 1;
    }
    return 0;
  },
});
