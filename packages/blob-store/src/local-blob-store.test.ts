import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BlobStore } from './blob-store';
import { BlobStoreError } from './blob-store';
import {
  checkBlobLink,
  createLocalBlobStore,
  objectPath,
  readBlobLink,
  signBlobLink,
} from './local-blob-store';

const SECRET = 'local-signing-secret';
const BASE_URL = 'http://127.0.0.1:4010/blobs';
const NOW = new Date('2026-11-23T09:00:00Z');

let root: string;
let store: BlobStore;
let puts: { bucket: string; key: string; size: number; etag: string }[];

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'sfe-blobs-'));
  puts = [];
  store = createLocalBlobStore({
    rootDirectory: root,
    bucket: 'sfe-certificates',
    baseUrl: BASE_URL,
    signingSecret: SECRET,
    now: () => NOW,
    onPut: (event) => {
      puts.push(event);
    },
  });
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('createLocalBlobStore', () => {
  it('puts, gets and finds an object by key', async () => {
    const pdf = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d]);
    await store.put('certificates/user-1/course-1.pdf', pdf, 'application/pdf');
    expect(await store.get('certificates/user-1/course-1.pdf')).toStrictEqual(pdf);
    expect(await store.exists('certificates/user-1/course-1.pdf')).toBe(true);
    expect(store.bucket).toBe('sfe-certificates');
  });

  it('stores strings as UTF-8 and records the content type beside the object', async () => {
    await store.put('captions/v-1.vtt', 'WEBVTT\n\n00:00.000 --> 00:01.000\nZoë', 'text/vtt');
    expect(Buffer.from((await store.get('captions/v-1.vtt')) ?? []).toString('utf8')).toBe(
      'WEBVTT\n\n00:00.000 --> 00:01.000\nZoë',
    );
    const path = join(root, 'sfe-certificates', 'captions', 'v-1.vtt');
    expect(JSON.parse(await readFile(`${path}.meta.json`, 'utf8'))).toStrictEqual({
      contentType: 'text/vtt',
    });
  });

  it('overwrites an object and leaves no temporary files behind', async () => {
    await store.put('a.txt', 'one', 'text/plain');
    await store.put('a.txt', 'two', 'text/plain');
    expect(Buffer.from((await store.get('a.txt')) ?? []).toString()).toBe('two');
    expect((await readdir(join(root, 'sfe-certificates'))).sort()).toStrictEqual([
      'a.txt',
      'a.txt.meta.json',
    ]);
  });

  it('answers undefined and false for a missing object', async () => {
    expect(await store.get('nope.pdf')).toBeUndefined();
    expect(await store.exists('nope.pdf')).toBe(false);
    await store.put('dir/file.txt', 'x', 'text/plain');
    expect(await store.exists('dir')).toBe(false);
  });

  it('reports each put like an S3 "Object Created" notification', async () => {
    await store.put('uploads/v-1.mov', 'video bytes', 'video/quicktime');
    expect(puts).toStrictEqual([
      {
        bucket: 'sfe-certificates',
        key: 'uploads/v-1.mov',
        size: 11,
        etag: createHash('md5').update('video bytes').digest('hex'),
      },
    ]);
  });

  it.each([
    '../escape.txt',
    'a/../../escape.txt',
    '..',
    '',
    'x.meta.json',
    'x.tmp',
    'a/./../../b',
    'certificates/',
    'nul\u0000.pdf',
  ])('rejects the key %j in every operation', async (key) => {
    await expect(store.put(key, 'x', 'text/plain')).rejects.toBeInstanceOf(BlobStoreError);
    await expect(store.get(key)).rejects.toThrow(`invalid object key "${key}"`);
    await expect(store.exists(key)).rejects.toBeInstanceOf(BlobStoreError);
    await expect(store.signedUrl(key, 60)).rejects.toBeInstanceOf(BlobStoreError);
    expect(puts).toStrictEqual([]);
  });

  it.each(['../../../../../etc', '..', '.', '', 'a/b', 'a\\b', '.hidden', 'nul\u0000', 'x'.repeat(64)])(
    'confines the bucket name %j to one directory under the root',
    (bucket) => {
      expect(() => objectPath('/data', bucket, 'passwd')).toThrow(`invalid bucket name "${bucket}"`);
    },
  );

  it('answers nothing for a key that names a directory', async () => {
    await store.put('certificates/user-1/course-1.pdf', 'pdf', 'application/pdf');
    expect(await store.get('certificates/user-1')).toBeUndefined();
    expect(await store.exists('certificates/user-1')).toBe(false);
  });

  it('keeps keys that look absolute inside the bucket, as S3 does', () => {
    expect(objectPath('/data', 'b', '/etc/passwd')).toBe('/data/b/etc/passwd');
    expect(objectPath('/data', 'b', 'a/../c.txt')).toBe('/data/b/c.txt');
  });
});

describe('signed links', () => {
  it('signs a link that checkBlobLink accepts until it expires', async () => {
    const url = await store.signedUrl('certificates/user 1/Zoë.pdf', 300);
    const expires = Math.floor(NOW.getTime() / 1000) + 300;
    expect(url).toBe(
      `${BASE_URL}/sfe-certificates/certificates/user%201/Zo%C3%AB.pdf?expires=${expires}&signature=${signBlobLink(SECRET, 'sfe-certificates', 'certificates/user 1/Zoë.pdf', expires)}`,
    );
    const link = readBlobLink(url, BASE_URL);
    expect(link).toStrictEqual({
      bucket: 'sfe-certificates',
      key: 'certificates/user 1/Zoë.pdf',
      expires: String(expires),
      signature: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    if (!link) throw new Error('link not read');
    expect(checkBlobLink(SECRET, link, NOW)).toBeUndefined();
    expect(checkBlobLink(SECRET, link, new Date((expires - 1) * 1000))).toBeUndefined();
    expect(checkBlobLink(SECRET, link, new Date(expires * 1000))).toBeUndefined();
    expect(checkBlobLink(SECRET, link, new Date(expires * 1000 + 1000))).toBe('link expired');
  });

  it('rejects tampering with the key, the bucket, the expiry or the signature, and another secret', async () => {
    const link = readBlobLink(await store.signedUrl('certificates/u-1.pdf', 300), BASE_URL);
    if (!link?.signature) throw new Error('link not read');
    const flipped = `${link.signature.slice(0, -1)}${link.signature.endsWith('0') ? '1' : '0'}`;
    expect(checkBlobLink(SECRET, { ...link, key: 'certificates/u-2.pdf' }, NOW)).toBe('bad signature');
    expect(checkBlobLink(SECRET, { ...link, bucket: 'sfe-uploads' }, NOW)).toBe('bad signature');
    expect(checkBlobLink(SECRET, { ...link, expires: String(Number(link.expires) + 3600) }, NOW)).toBe(
      'bad signature',
    );
    expect(checkBlobLink(SECRET, { ...link, signature: flipped }, NOW)).toBe('bad signature');
    expect(checkBlobLink(SECRET, { ...link, signature: 'zz' }, NOW)).toBe('bad signature');
    expect(checkBlobLink('another-secret', link, NOW)).toBe('bad signature');
  });

  it('rejects a link without its expiry or signature', async () => {
    const link = readBlobLink(await store.signedUrl('a.pdf', 300), BASE_URL);
    if (!link) throw new Error('link not read');
    expect(checkBlobLink(SECRET, { ...link, signature: null }, NOW)).toBe('missing expires or signature');
    expect(checkBlobLink(SECRET, { ...link, expires: null }, NOW)).toBe('missing expires or signature');
    expect(checkBlobLink(SECRET, { ...link, expires: 'soon' }, NOW)).toBe('missing expires or signature');
  });

  it('reads only links under the base URL', () => {
    expect(readBlobLink('http://127.0.0.1:4010/other/b/k', BASE_URL)).toBeUndefined();
    expect(readBlobLink('http://localhost:4010/blobs/b/k', BASE_URL)).toBeUndefined();
    expect(readBlobLink(`${BASE_URL}/bucket-only`, BASE_URL)).toBeUndefined();
    expect(readBlobLink(`${BASE_URL}/b/%E0%A4%A`, BASE_URL)).toBeUndefined();
    expect(readBlobLink(`${BASE_URL}/b/k?expires=1&signature=s`, `${BASE_URL}/`)).toStrictEqual({
      bucket: 'b',
      key: 'k',
      expires: '1',
      signature: 's',
    });
  });
});
