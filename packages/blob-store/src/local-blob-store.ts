import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { dirname, join, normalize, resolve, sep } from 'node:path';
import { type BlobStore, BlobStoreError } from './blob-store';
import { writeWholeFiles } from './whole-files';

export interface LocalBlobStoreOptions {
  /** Root of all local buckets; this bucket lives in `<rootDirectory>/<bucket>/`. */
  readonly rootDirectory: string;
  readonly bucket: string;
  /** Base of signed links, e.g. `http://127.0.0.1:4010/blobs`, served by the local runtime. */
  readonly baseUrl: string;
  /** Secret for HMAC signatures; the local runtime verifies links with the same secret. */
  readonly signingSecret: string;
  readonly now?: () => Date;
  /** Called after each successful put, e.g. to emit an S3 "Object Created" event locally. */
  readonly onPut?: (event: {
    bucket: string;
    key: string;
    size: number;
    etag: string;
  }) => void | Promise<void>;
}

/** A bucket in a local directory, with signed expiring links like S3's presigned URLs. */
export function createLocalBlobStore(options: LocalBlobStoreOptions): BlobStore {
  const now = options.now ?? (() => new Date());
  return {
    bucket: options.bucket,
    async put(key, body, contentType) {
      const path = objectPath(options.rootDirectory, options.bucket, key);
      const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
      // Each written whole (a temporary file renamed), so a reader (or a crash) never sees half an object.
      await writeWholeFiles([
        { path, content: bytes },
        { path: `${path}.meta.json`, content: JSON.stringify({ contentType }) },
      ]);
      const etag = createHash('md5').update(bytes).digest('hex');
      await options.onPut?.({ bucket: options.bucket, key, size: bytes.byteLength, etag });
    },
    async get(key) {
      try {
        return new Uint8Array(await readFile(objectPath(options.rootDirectory, options.bucket, key)));
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'EISDIR') return undefined;
        throw error;
      }
    },
    async exists(key) {
      const path = objectPath(options.rootDirectory, options.bucket, key);
      try {
        return (await stat(path)).isFile();
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
        throw error;
      }
    },
    async signedUrl(key, expiresInSeconds) {
      objectPath(options.rootDirectory, options.bucket, key); // refuse to sign a key that could never be served
      const expires = Math.floor(now().getTime() / 1000) + expiresInSeconds;
      const signature = signBlobLink(options.signingSecret, options.bucket, key, expires);
      const path = key.split('/').map(encodeURIComponent).join('/');
      const base = options.baseUrl.replace(/\/+$/, '');
      return `${base}/${encodeURIComponent(options.bucket)}/${path}?expires=${expires}&signature=${signature}`;
    },
  };
}

/**
 * The path of an object on disk, confined to `<rootDirectory>/<bucket>/`: the bucket must be one plain name
 * (S3's characters, no `.`-only or `..` segment) and the key must stay inside it, name a file (not end in `/`),
 * hold no NUL, and not be one of the store's own files (`.meta.json`, `.tmp`).
 */
export function objectPath(rootDirectory: string, bucket: string, key: string): string {
  if (!BUCKET_NAME.test(bucket) || bucket.includes('..')) {
    throw new BlobStoreError(`invalid bucket name "${bucket}"`);
  }
  const root = resolve(rootDirectory);
  const bucketDirectory = join(root, bucket);
  const path = normalize(join(bucketDirectory, key));
  if (
    dirname(bucketDirectory) !== root ||
    !path.startsWith(bucketDirectory + sep) ||
    key.includes('\0') ||
    key.endsWith('/') ||
    key.endsWith('.meta.json') ||
    key.endsWith('.tmp')
  ) {
    throw new BlobStoreError(`invalid object key "${key}"`);
  }
  return path;
}

// S3's bucket characters (lowercase, digits, `.` and `-`), with `_` and capitals for local names; 63 at most.
const BUCKET_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

export function signBlobLink(secret: string, bucket: string, key: string, expires: number): string {
  return createHmac('sha256', secret).update(`${bucket}\n${key}\n${expires}`).digest('hex');
}

/**
 * Reads a link made by `signedUrl` back into what `checkBlobLink` needs, or undefined when the URL is not under
 * `baseUrl`. The local runtime's blob server uses it on each request.
 */
export function readBlobLink(
  url: string | URL,
  baseUrl: string,
): { bucket: string; key: string; expires: string | null; signature: string | null } | undefined {
  const parsed = new URL(url);
  const base = new URL(baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  if (parsed.origin !== base.origin || !parsed.pathname.startsWith(base.pathname)) return undefined;
  const [bucket, ...keyParts] = parsed.pathname.slice(base.pathname.length).split('/');
  if (!bucket || keyParts.length === 0) return undefined;
  try {
    return {
      bucket: decodeURIComponent(bucket),
      key: keyParts.map(decodeURIComponent).join('/'),
      expires: parsed.searchParams.get('expires'),
      signature: parsed.searchParams.get('signature'),
    };
  } catch {
    return undefined; // malformed percent-encoding
  }
}

/** Checks a signed link's signature and expiry; returns why it is refused, or undefined when it is valid. */
export function checkBlobLink(
  secret: string,
  link: { bucket: string; key: string; expires: string | null; signature: string | null },
  now: Date = new Date(),
): string | undefined {
  // Number(null) and Number('') are 0: check the text, not the number.
  if (!link.signature || !link.expires || !/^\d{1,15}$/.test(link.expires))
    return 'missing expires or signature';
  const expires = Number(link.expires);
  const expected = Buffer.from(signBlobLink(secret, link.bucket, link.key, expires), 'hex');
  const given = Buffer.from(link.signature, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'bad signature';
  if (now.getTime() / 1000 > expires) return 'link expired';
  return undefined;
}
