import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BlobStore, createLocalBlobStore } from '@sfe/blob-store';

export interface TestBucket {
  readonly bucket: BlobStore;
  readonly rootDirectory: string;
  /** Every key put into the bucket, in order. */
  readonly puts: string[];
  readonly remove: () => Promise<void>;
}

/** A real local bucket in a temporary directory (the one the local runtime uses). */
export async function createTestBucket(name = 'sfe-dev-video-uploads'): Promise<TestBucket> {
  const rootDirectory = await mkdtemp(join(tmpdir(), 'sfe-video-pipeline-test-'));
  const puts: string[] = [];
  const bucket = createLocalBlobStore({
    rootDirectory,
    bucket: name,
    baseUrl: 'http://127.0.0.1:4010/blobs',
    signingSecret: 'test-secret',
    onPut: ({ key }) => {
      puts.push(key);
    },
  });
  return { bucket, rootDirectory, puts, remove: () => rm(rootDirectory, { recursive: true, force: true }) };
}
