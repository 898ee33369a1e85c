import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestLocalContext, type TestLocalContext } from './local-context';

describe('createTestLocalContext', () => {
  let local: TestLocalContext | undefined;
  afterEach(() => local?.remove());

  it('hands out one in-memory table per name and keeps them for assertions', async () => {
    local = await createTestLocalContext();
    const { context } = local;
    expect(context.table('idempotency')).toBe(context.table('idempotency'));
    expect(context.table('reporting')).not.toBe(context.table('idempotency'));
    expect([...local.tables.keys()]).toStrictEqual(['idempotency', 'reporting']);
    expect(context.platformTable).toBe(local.platformTable);
  });

  it('keeps bucket objects on disk under bucketDirectory and tells onPut', async () => {
    const puts: string[] = [];
    local = await createTestLocalContext({ onPut: (put) => void puts.push(`${put.bucket}/${put.key}`) });
    await local.context.bucket('certificates').put('a/b.txt', 'hello', 'text/plain');
    expect(await readFile(join(local.bucketDirectory('certificates'), 'a/b.txt'), 'utf8')).toBe('hello');
    expect(local.context.bucket('certificates')).toBe(local.context.bucket('certificates'));
    expect(puts).toStrictEqual(['certificates/a/b.txt']);
  });

  it('captures report lines, has a fixed clock by default, and passes settings', async () => {
    local = await createTestLocalContext({ settings: { BRAND_NAME: 'Academy' } });
    local.context.report('one');
    local.context.report('two');
    expect(local.reported).toStrictEqual(['one', 'two']);
    expect(local.context.now()).toStrictEqual(new Date('2026-11-23T12:00:00.000Z'));
    expect(local.context.now()).not.toBe(local.context.now());
    expect(local.context.settings).toStrictEqual({ BRAND_NAME: 'Academy' });
    expect(local.context.outboxDirectory('email')).toBe(local.outboxDirectory('email'));
    expect(local.outboxDirectory('email').startsWith(local.rootDirectory)).toBe(true);
  });

  it('takes a clock function, and removes its directory', async () => {
    let tick = 0;
    local = await createTestLocalContext({ now: () => new Date(++tick * 1000) });
    expect([local.context.now().getTime(), local.context.now().getTime()]).toStrictEqual([1000, 2000]);
    await local.remove();
    await expect(stat(local.rootDirectory)).rejects.toThrow('ENOENT');
  });
});
