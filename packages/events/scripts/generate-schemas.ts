// Writes packages/events/schemas/<Type>.v<N>.json from the registry, and deletes schema files of versions that no
// longer exist. Run with `pnpm --filter @sfe/events schemas`; src/json-schema.test.ts fails when they are stale.
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { eventSchemasDirectory, renderEventJsonSchemas } from '../src/json-schema';

const directory = eventSchemasDirectory();
const schemas = renderEventJsonSchemas();
await mkdir(directory, { recursive: true });
for (const [fileName, content] of schemas) await writeFile(join(directory, fileName), content);
for (const fileName of await readdir(directory)) {
  if (fileName.endsWith('.json') && !schemas.has(fileName)) {
    await rm(join(directory, fileName));
    console.log(`removed ${fileName}`);
  }
}
console.log(`wrote ${schemas.size} schemas to ${directory}`);
