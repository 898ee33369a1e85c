import { resolve } from 'node:path';
import { loadCatalogSources, writeCatalog } from '@sfe/catalog';
import { defineCommand } from '../command';

/**
 * `pnpm sfe catalog --out <dir>`: writes the event catalog computed from the code: `routes.json` (producers and
 * consumers of every type and version, consumers found by matching each rule's pattern against each version's
 * example event) and one AsyncAPI 3.0 document per service. Prints the routing warnings.
 */
export const catalogCommand = defineCommand({
  path: ['catalog'],
  summary:
    'Writes routes.json (computed producers and consumers of every event version) and asyncapi/<service>.yaml.',
  options: {
    out: { type: 'string', value: '<dir>', required: true, description: 'the directory to write into' },
  },
  examples: ['pnpm sfe catalog --out catalog'],
  async run({ options }, io) {
    const directory = resolve(io.cwd, options.out);
    const written = await writeCatalog(directory, await loadCatalogSources());
    for (const warning of written.routes.warnings) io.stdout(`warning: ${warning.message}\n`);
    io.stdout(`wrote ${written.files.length} files to ${directory}\n`);
    return 0;
  },
});
