/** Base error of the local runtime's store. */
export class LocalStoreError extends Error {
  override name = 'LocalStoreError';
}
