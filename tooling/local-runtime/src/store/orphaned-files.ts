import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Removes the `.tmp` files a killed process left behind. Every local writer (buckets, outboxes) writes
 * `<name>.<pid>.tmp` (`writeWholeFiles` of `@sfe/blob-store`) and renames it into place, so a `.tmp` file is a
 * write that never happened: nobody reads it, and no object key or outbox file may end in `.tmp`. Run only while
 * holding the store (no other writer is mid-write). Returns the removed paths.
 */
export async function removeOrphanedTemporaryFiles(directories: readonly string[]): Promise<string[]> {
  const removed: string[] = [];
  for (const directory of directories) {
    const names = await readdir(directory, { recursive: true }).catch(() => [] as string[]);
    for (const name of names.filter((n) => n.endsWith('.tmp'))) {
      const path = join(directory, name);
      await rm(path, { force: true });
      removed.push(path);
    }
  }
  return removed;
}
