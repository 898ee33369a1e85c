import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isServiceDefinition, type ServiceDefinition } from './define-service';
import { ServiceDefinitionError } from './errors';

/** The workspace this package lives in (`packages/service-definition/src/` → the root). */
const WORKSPACE_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** A workspace app that defines itself: where it is and its definition. */
export interface DiscoveredService {
  /** Its package name, e.g. `@sfe/email-service`. */
  readonly packageName: string;
  /** Its folder, e.g. `<root>/apps/email-service`. */
  readonly directory: string;
  readonly definition: ServiceDefinition;
}

export interface DiscoverOptions {
  /** The workspace root (default: the one this package is in). */
  readonly root?: string;
}

/**
 * Every app under `<root>/apps/` whose package.json exports `./service`, with the `service` that module
 * exports, in folder order. Modules are imported by path, so a new app needs no dependency in whoever
 * discovers it (the local runtime, the CLI, the catalog): creating the folder is enough. A `./service` export
 * that is not a definition, or whose name is not its folder's, fails naming the file.
 * @example for (const { definition } of await discoverServices()) console.log(definition.name);
 */
export async function discoverServices(options: DiscoverOptions = {}): Promise<DiscoveredService[]> {
  const appsDirectory = join(options.root ?? WORKSPACE_ROOT, 'apps');
  if (!existsSync(appsDirectory)) return [];
  const folders = readdirSync(appsDirectory, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(appsDirectory, entry.name, 'package.json')))
    .map((entry) => entry.name)
    .sort();
  const found: DiscoveredService[] = [];
  for (const folder of folders) {
    const directory = join(appsDirectory, folder);
    const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as {
      name?: string;
      exports?: Record<string, unknown>;
    };
    const entry = manifest.exports?.['./service'];
    if (typeof entry !== 'string') continue;
    const file = join(directory, entry);
    const module = (await import(pathToFileURL(file).href)) as { service?: unknown };
    if (!isServiceDefinition(module.service)) {
      throw new ServiceDefinitionError(`${file} must export \`service\`, made with defineService()`);
    }
    if (module.service.name !== folder) {
      throw new ServiceDefinitionError(
        `${file} defines "${module.service.name}" but lives in apps/${folder}: the name must be the folder's`,
      );
    }
    found.push({ packageName: manifest.name ?? folder, directory, definition: module.service });
  }
  return found;
}
