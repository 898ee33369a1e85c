import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeWholeFiles } from './whole-files';

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'sfe-whole-files-'));
});
afterEach(() => rm(directory, { recursive: true, force: true }));

describe('writeWholeFiles', () => {
  it('writes text and bytes, creating missing directories, and leaves no temporary file', async () => {
    const text = join(directory, 'a', 'b', 'note.txt');
    const bytes = join(directory, 'a', 'data.bin');
    await writeWholeFiles([
      { path: text, content: 'Zoë' },
      { path: bytes, content: new Uint8Array([0, 1, 255]) },
    ]);
    expect(await readFile(text, 'utf8')).toBe('Zoë');
    expect(new Uint8Array(await readFile(bytes))).toStrictEqual(new Uint8Array([0, 1, 255]));
    expect((await readdir(join(directory, 'a'))).sort()).toStrictEqual(['b', 'data.bin']);
    expect(await readdir(join(directory, 'a', 'b'))).toStrictEqual(['note.txt']);
  });

  it('replaces an existing file whole', async () => {
    const path = join(directory, 'x.json');
    await writeFile(path, 'old content, longer than the new');
    await writeWholeFiles([{ path, content: 'new' }]);
    expect(await readFile(path, 'utf8')).toBe('new');
    expect(await readdir(directory)).toStrictEqual(['x.json']);
  });

  it('keeps every file of many concurrent writes, each resolved once its file is there', async () => {
    const paths = Array.from({ length: 50 }, (_, i) => join(directory, `f-${i}.txt`));
    await Promise.all(
      paths.map(async (path, i) => {
        await writeWholeFiles([{ path, content: `file ${i}` }]);
        expect(await readFile(path, 'utf8')).toBe(`file ${i}`);
      }),
    );
    expect((await readdir(directory)).length).toBe(50);
  });

  it("fails with the file system's error, and later writes still work", async () => {
    await writeFile(join(directory, 'plain'), 'a file, not a directory');
    const failed = writeWholeFiles([{ path: join(directory, 'plain', 'inside.txt'), content: 'x' }]);
    await expect(failed).rejects.toMatchObject({ code: 'ENOTDIR' });
    await writeWholeFiles([{ path: join(directory, 'after.txt'), content: 'ok' }]);
    expect(await readFile(join(directory, 'after.txt'), 'utf8')).toBe('ok');
  });
});
