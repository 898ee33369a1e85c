export { DEFAULT_DATA_DIRECTORY } from './defaults';
export { LocalStoreError } from './errors';
export {
  type LocalStore,
  type OpenLocalStoreOptions,
  openLocalStore,
  PLATFORM_TABLE,
} from './local-store';
export { type CommittedChange, PgliteTableStore, type PgliteTableStoreOptions } from './pglite-table-store';
export { READ_PROJECTION_FILE } from './read-projection';
export { findStoreHolder, StoreLockedError, type StoreLockInfo } from './store-lock';
