/** Objects by key in one bucket: S3 in AWS, a directory locally. */
export interface BlobStore {
  readonly bucket: string;
  put(key: string, body: Uint8Array | string, contentType: string): Promise<void>;
  /** The object's bytes, or undefined when there is none. */
  get(key: string): Promise<Uint8Array | undefined>;
  exists(key: string): Promise<boolean>;
  /** A short-lived GET link to the object (presigned in S3, HMAC-signed locally). */
  signedUrl(key: string, expiresInSeconds: number): Promise<string>;
}

export class BlobStoreError extends Error {
  override name = 'BlobStoreError';
}
