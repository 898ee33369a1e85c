export { type BlobStore, BlobStoreError } from './blob-store';
export {
  checkBlobLink,
  createLocalBlobStore,
  type LocalBlobStoreOptions,
  objectPath,
  readBlobLink,
  signBlobLink,
} from './local-blob-store';
export {
  buildObjectCreatedEvent,
  type ObjectCreatedEnvironment,
  type ObjectCreatedInput,
} from './object-created-event';
export {
  type WholeFile,
  type WholeFilesAnswer,
  type WholeFilesRequest,
  writeWholeFiles,
} from './whole-files';
