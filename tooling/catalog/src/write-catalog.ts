import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildAsyncApiDocuments, renderAsyncApiDocument } from './asyncapi';
import { type CompatReport, checkCompatibility, parseSchemaFileName } from './compat';
import { writeEventCatalog } from './eventcatalog';
import { computeRoutes, type Routes } from './routes';
import type { CatalogSources } from './sources';

/** The EventCatalog project's folder inside the catalog directory. */
export const EVENTCATALOG_FOLDER = 'eventcatalog';

/** What `writeCatalog` wrote, relative to its directory. */
export interface WrittenCatalog {
  readonly routes: Routes;
  readonly files: readonly string[];
}

/**
 * Writes the catalog computed from `sources` into `directory`: `routes.json` (who produces and who consumes each
 * type and version), `asyncapi/<service>.yaml` (one AsyncAPI 3.0 document per service) and `eventcatalog/` (an
 * EventCatalog project, see `writeEventCatalog`). Generated folders are replaced, so a service or version that
 * no longer exists leaves nothing stale.
 */
export async function writeCatalog(directory: string, sources: CatalogSources): Promise<WrittenCatalog> {
  const routes = computeRoutes(sources);
  await mkdir(directory, { recursive: true });
  const files: string[] = [];
  await writeFile(join(directory, 'routes.json'), `${JSON.stringify(routes.routes, null, 2)}\n`);
  files.push('routes.json');

  const asyncapiDirectory = join(directory, 'asyncapi');
  await rm(asyncapiDirectory, { recursive: true, force: true });
  await mkdir(asyncapiDirectory);
  const asyncapi = new Map<string, string>();
  for (const [service, document] of buildAsyncApiDocuments(sources, routes.routes)) {
    asyncapi.set(service, renderAsyncApiDocument(document));
    await writeFile(join(asyncapiDirectory, `${service}.yaml`), asyncapi.get(service) as string);
    files.push(`asyncapi/${service}.yaml`);
  }
  await writeEventCatalog(join(directory, EVENTCATALOG_FOLDER), sources, routes.routes, asyncapi);
  files.push(`${EVENTCATALOG_FOLDER}/`);
  return { routes, files };
}

/** Every `<Type>.v<N>.json` in a directory of released schemas, parsed, keyed by file name. */
export async function readSchemaDirectory(directory: string): Promise<Map<string, Record<string, unknown>>> {
  let names: string[];
  try {
    names = await readdir(directory);
  } catch (error) {
    throw new Error(`cannot read the baseline schemas in ${directory}: ${(error as Error).message}`);
  }
  const schemas = new Map<string, Record<string, unknown>>();
  for (const name of names.filter((n) => parseSchemaFileName(n) !== undefined).sort()) {
    const text = await readFile(join(directory, name), 'utf8');
    try {
      schemas.set(name, JSON.parse(text) as Record<string, unknown>);
    } catch (error) {
      throw new Error(`${join(directory, name)} is not JSON: ${(error as Error).message}`);
    }
  }
  if (schemas.size === 0) throw new Error(`no <Type>.v<N>.json schema files in ${directory}`);
  return schemas;
}

/** Compares the released schemas in `baselineDirectory` with the workspace's, naming consumers from the routes. */
export async function checkWorkspaceCompatibility(
  baselineDirectory: string,
  sources: CatalogSources,
): Promise<CompatReport> {
  const released = await readSchemaDirectory(baselineDirectory);
  const current = new Map(
    [...sources.schemas].map(([name, schema]) => [name, schema as Record<string, unknown>]),
  );
  return checkCompatibility(released, current, computeRoutes(sources).routes);
}

/** The report as people read it: one block per breaking version, then a one-line summary. */
export function formatCompatReport(report: CompatReport): string {
  const lines: string[] = [];
  for (const version of report.versions) {
    const name = `${version.type} v${version.version}`;
    if (version.status === 'breaking' || version.status === 'removed') {
      lines.push(`BREAKING ${name}`);
      for (const change of version.changes.filter((c) => c.breaking)) {
        lines.push(`  ${change.field}: ${change.rule} (${change.detail})`);
      }
      const consumers = version.consumers.map((c) => `${c.service}/${c.subscription}`);
      lines.push(`  consumers: ${consumers.length > 0 ? consumers.join(', ') : 'none known'}`);
    } else if (version.status === 'compatible') {
      const rules = version.changes.map((c) => `${c.field}: ${c.rule}`);
      lines.push(`compatible ${name} (${rules.join('; ')})`);
    } else if (version.status === 'added') {
      lines.push(`new ${name} (not released yet)`);
    }
  }
  const breaking = report.versions.filter((v) => v.status === 'breaking' || v.status === 'removed').length;
  lines.push(
    breaking > 0
      ? `${breaking} released version(s) changed incompatibly: publish a new version instead (packages/events/README.md, "Adding a version of a type").`
      : `${report.versions.length} versions checked: no breaking change.`,
  );
  return `${lines.join('\n')}\n`;
}
