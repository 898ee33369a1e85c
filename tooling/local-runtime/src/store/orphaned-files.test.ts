import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { filesIn, temporaryDataDirectory } from '../../test/helpers';
import { removeOrphanedTemporaryFiles } from './orphaned-files';

let data: Awaited<ReturnType<typeof temporaryDataDirectory>>;
beforeEach(async () => {
  data = await temporaryDataDirectory('orphans');
});
afterEach(() => data.remove());

describe('removeOrphanedTemporaryFiles', () => {
  it('removes the .tmp files of interrupted writes in every directory, at any depth, and nothing else', async () => {
    const email = join(data.directory, 'outbox', 'email');
    const pdfs = join(data.directory, 'buckets', 'certificates', 'certificates', 'ada');
    await mkdir(email, { recursive: true });
    await mkdir(pdfs, { recursive: true });
    const kept = ['2026-x-welcome-1.eml', 'notes.tmp.txt'];
    for (const name of [...kept, '2026-x-welcome-2.eml.tmp']) await writeFile(join(email, name), 'x');
    for (const name of ['c-1.pdf', 'c-1.pdf.meta.json', 'c-2.pdf.7b0c6a5e-0f52-4c4b-9d0e-2f6f3d1f9a10.tmp']) {
      await writeFile(join(pdfs, name), 'x');
    }
    const removed = await removeOrphanedTemporaryFiles([
      join(data.directory, 'outbox'),
      join(data.directory, 'buckets'),
      join(data.directory, 'missing'),
    ]);
    expect(removed.sort()).toStrictEqual(
      [
        join(email, '2026-x-welcome-2.eml.tmp'),
        join(pdfs, 'c-2.pdf.7b0c6a5e-0f52-4c4b-9d0e-2f6f3d1f9a10.tmp'),
      ].sort(),
    );
    expect(await filesIn(email)).toStrictEqual(kept.sort());
    expect(await filesIn(pdfs)).toStrictEqual(['c-1.pdf', 'c-1.pdf.meta.json']);
  });
});
