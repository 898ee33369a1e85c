import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type BlobStore,
  buildObjectCreatedEvent,
  checkBlobLink,
  createLocalBlobStore,
  objectPath,
} from '@sfe/blob-store';
import { type ClaimCheckFetcher, type ClaimCheckStore, fetchClaimCheck } from '@sfe/events';
import { LOCAL_ACCOUNT, LOCAL_REGION } from '../aws-identity';

export interface LocalBucketsOptions {
  /** `<dataDirectory>/buckets`: each bucket is a directory under it. */
  readonly rootDirectory: string;
  /** Where signed links point: `<runtime URL>/blobs`. */
  readonly baseUrl: () => string;
  readonly signingSecret: string;
  readonly now: () => Date;
  /** Buckets with EventBridge notifications on: each put sends S3's "Object Created" to the default bus. */
  readonly notifyingBuckets: ReadonlySet<string>;
  readonly putObjectCreated: (event: ReturnType<typeof buildObjectCreatedEvent>) => Promise<void>;
}

/** Claim-checked payloads are kept this long (links handed to consumers expire with them). */
const CLAIM_CHECK_LINK_SECONDS = 7 * 24 * 60 * 60;

/** The local S3: buckets as directories, signed links the runtime's HTTP server verifies and serves. */
export function createLocalBuckets(options: LocalBucketsOptions) {
  const buckets = new Map<string, BlobStore>();
  const bucket = (name: string): BlobStore => {
    let store = buckets.get(name);
    if (!store) {
      mkdirSync(join(options.rootDirectory, name), { recursive: true });
      store = createLocalBlobStore({
        rootDirectory: options.rootDirectory,
        bucket: name,
        // Read at each link: the HTTP port is known only once the server listens.
        get baseUrl() {
          return options.baseUrl();
        },
        signingSecret: options.signingSecret,
        now: options.now,
        ...(options.notifyingBuckets.has(name)
          ? {
              onPut: (put) =>
                options.putObjectCreated(
                  buildObjectCreatedEvent(put, {
                    account: LOCAL_ACCOUNT,
                    region: LOCAL_REGION,
                    now: options.now,
                    newEventId: randomUUID,
                  }),
                ),
            }
          : {}),
      });
      buckets.set(name, store);
    }
    return store;
  };

  /**
   * Checks a signed link (`<base>/<bucket>/<key>?expires=&signature=`) as S3 checks a presigned URL: where its
   * object is on disk, or why it is refused.
   */
  function resolveSignedLink(url: URL): { bucket: string; key: string; path: string } | { refused: string } {
    const [, bucketPart, ...keyParts] = url.pathname.replace(/^\/blobs/, '').split('/');
    if (!bucketPart || keyParts.length === 0) return { refused: 'not a blob link' };
    const bucketName = decodeURIComponent(bucketPart);
    const key = keyParts.map(decodeURIComponent).join('/');
    const refused = checkBlobLink(
      options.signingSecret,
      {
        bucket: bucketName,
        key,
        expires: url.searchParams.get('expires'),
        signature: url.searchParams.get('signature'),
      },
      options.now(),
    );
    if (refused) return { refused };
    try {
      return { bucket: bucketName, key, path: objectPath(options.rootDirectory, bucketName, key) };
    } catch (error) {
      return { refused: (error as Error).message };
    }
  }

  /** Fetches claim checks from this runtime's links without a network hop (same checks), others over HTTP. */
  const fetchLocalClaimCheck: ClaimCheckFetcher = async (url) => {
    if (!url.startsWith(options.baseUrl())) return fetchClaimCheck(url);
    const link = resolveSignedLink(new URL(url));
    if ('refused' in link) throw new Error(`GET ${url} refused: ${link.refused}`);
    return new Uint8Array(await readFile(link.path));
  };

  /** The stream processor's claim-check store: a local bucket, read back through signed links. */
  const claimCheckStore = (bucketName: string): ClaimCheckStore => ({
    async put(key, body) {
      const store = bucket(bucketName);
      await store.put(key, body, 'application/json');
      return store.signedUrl(key, CLAIM_CHECK_LINK_SECONDS);
    },
  });

  return { bucket, resolveSignedLink, fetchClaimCheck: fetchLocalClaimCheck, claimCheckStore };
}

export type LocalBuckets = ReturnType<typeof createLocalBuckets>;
