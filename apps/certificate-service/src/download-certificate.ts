import type { BlobStore } from '@sfe/blob-store';
import {
  certificateNotFound,
  type DownloadRequest,
  type HttpResponse,
  redirectTo,
  routeDownload,
} from './domain/download';

export interface DownloadCertificateDeps {
  /** The certificates bucket: S3 in AWS, a local directory locally. */
  readonly bucket: BlobStore;
  /** How long the link the redirect points to works. */
  readonly linkTtlSeconds: number;
}

/**
 * The stable download address of a certificate: checks the PDF exists, then redirects to a short-lived link
 * (S3 presigned in AWS, HMAC-signed by the local runtime). The address itself never expires, so an email can
 * carry it for good; each visit gets a fresh link.
 */
export async function downloadCertificate(
  request: DownloadRequest,
  deps: DownloadCertificateDeps,
): Promise<HttpResponse> {
  const route = routeDownload(request);
  if (route.kind === 'answered') return route.response;
  if (!(await deps.bucket.exists(route.objectKey))) return certificateNotFound(route.certificateId);
  return redirectTo(await deps.bucket.signedUrl(route.objectKey, deps.linkTtlSeconds));
}
