import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ClaimCheckStore } from './claim-check';

/**
 * A claim-check store in a local directory (the local runtime's stand-in for S3). URLs are `file:` URLs unless
 * `urlFor` maps a key to something else, such as the local runtime's signed HTTP links.
 */
export function createLocalClaimCheckStore(options: {
  directory: string;
  urlFor?: (key: string) => string | Promise<string>;
}): ClaimCheckStore {
  return {
    async put(key, body) {
      const path = join(options.directory, key);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, body);
      return options.urlFor ? options.urlFor(key) : pathToFileURL(path).href;
    },
  };
}
