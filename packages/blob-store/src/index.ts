export { type BlobStore, BlobStoreError } from './blob-store';
export {
  checkBlobLink,
  createLocalBlobStore,
  type LocalBlobStoreOptions,
  objectPath,
  signBlobLink,
} from './local-blob-store';
