// `pnpm catalog`: writes the catalog computed from the code into .sfe/catalog/, builds its EventCatalog site and
// serves it on 127.0.0.1 (default port 4030) until Ctrl-C.
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { findWorkspaceRoot } from '@sfe/local-runtime';
import { buildEventCatalogSite, ensureEventCatalogInstalled, serveEventCatalogSite } from './site';
import { loadCatalogSources } from './sources';
import { EVENTCATALOG_FOLDER, writeCatalog } from './write-catalog';

const HELP = `Usage: pnpm catalog [--port <n>] [--out <dir>]

Writes routes.json, asyncapi/<service>.yaml and an EventCatalog project computed from the code, installs
EventCatalog into tooling/catalog/site (once per lockfile), builds the site (a few minutes) and serves it on
127.0.0.1.

Options:
  --port <n>   the port to serve on (default: 4030)
  --out <dir>  where to write (default: .sfe/catalog in the workspace)
  -h, --help   show this help
`;

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4030' },
    out: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  process.stdout.write(HELP);
  process.exit(0);
}
const port = Number(values.port);
if (!Number.isInteger(port) || port < 1 || port > 65_535) {
  process.stderr.write(`--port must be a port number, got "${values.port}"\n\n${HELP}`);
  process.exit(2);
}
const here = process.env.INIT_CWD ?? process.cwd();
const out = values.out ? resolve(here, values.out) : join(findWorkspaceRoot(here) ?? here, '.sfe', 'catalog');
const written = await writeCatalog(out, await loadCatalogSources());
for (const warning of written.routes.warnings) process.stdout.write(`warning: ${warning.message}\n`);
process.stdout.write(`wrote the catalog to ${out}; installing EventCatalog (once per lockfile)...\n`);
const progress = (chunk: string) => void process.stdout.write(chunk);
await ensureEventCatalogInstalled(progress);
process.stdout.write('building the EventCatalog site (a few minutes)...\n');
const project = join(out, EVENTCATALOG_FOLDER);
await buildEventCatalogSite(project, progress);
const site = await serveEventCatalogSite(project, port);
process.stdout.write(`EventCatalog: ${site.url} (Ctrl-C to stop)\n`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void site.close().then(() => process.exit(0)));
}
