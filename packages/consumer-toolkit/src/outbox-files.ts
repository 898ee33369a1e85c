import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeWholeFiles } from '@sfe/blob-store';

/**
 * Files of a local outbox, one per side effect, named `<time>-<kind>-<eventId>.<ext>` so a person sees them in
 * order. Keyed by the event, not the time: writing the same kind for the same event again (a delivery that ran
 * twice, as at-least-once delivery may) replaces its file instead of adding one, so an outbox holds exactly one
 * file per side effect. Each file is written whole (`writeWholeFiles`: a `.tmp` file renamed, off the main
 * thread), so nobody (and no crash) sees half a file; the runtime removes `.tmp` files left by a kill when it
 * starts.
 */
export interface OutboxFiles {
  /** Writes the file of `kind` for `eventId`; returns its path (the earlier one's, if there was one). */
  write(kind: string, eventId: string, extension: string, content: string | Uint8Array): Promise<string>;
}

export function createOutboxFiles(options: { directory: string; now: () => Date }): OutboxFiles {
  // The names already there, by `<kind>-<eventId>.<ext>`: read once (a restart reads them again).
  let existing: Promise<Map<string, string>> | undefined;
  const index = () => {
    existing ??= (async () => {
      await mkdir(options.directory, { recursive: true });
      const names = await readdir(options.directory);
      const byKey = new Map<string, string>();
      for (const name of names) {
        const key = /^\d{4}-\d{2}-\d{2}T[\d-]+Z-(.+)$/.exec(name)?.[1];
        if (key && !name.endsWith('.tmp')) byKey.set(key, name);
      }
      return byKey;
    })();
    return existing;
  };
  return {
    async write(kind, eventId, extension, content) {
      const byKey = await index();
      const key = `${kind}-${eventId}.${extension}`;
      const name = byKey.get(key) ?? `${options.now().toISOString().replace(/[:.]/g, '-')}-${key}`;
      const path = join(options.directory, name);
      await writeWholeFiles([{ path, content }]);
      byKey.set(key, name);
      return path;
    },
  };
}
