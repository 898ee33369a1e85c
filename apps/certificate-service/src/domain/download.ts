import { certificateObjectKey, DOWNLOAD_PATH_PREFIX } from './certificate';

/** An HTTP answer, shaped like a Lambda function URL's structured response. */
export interface HttpResponse {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** What the download address is asked: the method and the raw path, exactly as received (never decoded). */
export interface DownloadRequest {
  readonly method: string;
  readonly path: string;
}

/** The request names one certificate's PDF, or has already been answered (404, 405). */
export type DownloadRoute =
  | { readonly kind: 'certificate'; readonly certificateId: string; readonly objectKey: string }
  | { readonly kind: 'answered'; readonly response: HttpResponse };

/**
 * Certificate ids are lowercase UUIDs (`certificateIdFor`). The path is matched whole, undecoded, against
 * `/certificates/<uuid>`: no other path, no encoded characters, no `..`, no trailing slash, no listing.
 */
const DOWNLOAD_PATH = new RegExp(
  `^${DOWNLOAD_PATH_PREFIX}([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$`,
);

const READ_METHODS = ['GET', 'HEAD'];

// Neither the redirect (its target expires in minutes) nor a 404 (the certificate may be issued a moment
// later) may be cached by a browser or a proxy.
const NO_STORE = { 'cache-control': 'no-store' };

/** Reads a request to the download address: which certificate it names, or the answer when it names none. */
export function routeDownload(request: DownloadRequest): DownloadRoute {
  if (!READ_METHODS.includes(request.method.toUpperCase())) {
    return answered(405, `${request.method} is not allowed; use GET`, { allow: READ_METHODS.join(', ') });
  }
  const certificateId = DOWNLOAD_PATH.exec(request.path)?.[1];
  if (!certificateId) return answered(404, 'Not found');
  return { kind: 'certificate', certificateId, objectKey: certificateObjectKey(certificateId) };
}

/** 302 to the short-lived link of the certificate's PDF. */
export function redirectTo(location: string): HttpResponse {
  return {
    statusCode: 302,
    headers: { location, ...NO_STORE, 'content-type': 'text/plain; charset=utf-8' },
    body: 'Found',
  };
}

/** 404 for an id that is well formed but was never issued. */
export function certificateNotFound(certificateId: string): HttpResponse {
  return answered(404, `No certificate ${certificateId}`).response;
}

function answered(
  statusCode: number,
  body: string,
  headers: Record<string, string> = {},
): Extract<DownloadRoute, { kind: 'answered' }> {
  return {
    kind: 'answered',
    response: {
      statusCode,
      headers: { ...headers, ...NO_STORE, 'content-type': 'text/plain; charset=utf-8' },
      body,
    },
  };
}
