import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { awsDownloadDeps } from './aws-download-deps';
import { type DownloadCertificateDeps, downloadCertificate } from './download-certificate';

/** A Lambda function URL handler (payload format 2.0, the same as an HTTP API's). */
export type DownloadHandler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

/**
 * The function URL handler (payload format 2.0, as an HTTP API's): the request's method and raw path in, the
 * download answer out. The local runtime serves the same `downloadCertificate` (`http` in `src/local.ts`).
 */
export function createDownloadHandler(deps: DownloadCertificateDeps): DownloadHandler {
  return async (event) => {
    const response = await downloadCertificate(
      { method: event.requestContext.http.method, path: event.rawPath },
      deps,
    );
    return { statusCode: response.statusCode, headers: { ...response.headers }, body: response.body };
  };
}

let awsHandler: DownloadHandler | undefined;

/** The Lambda entry point: the S3 client is created on the first invocation, not at import. */
export const handler: DownloadHandler = (event) => {
  awsHandler ??= createDownloadHandler(awsDownloadDeps());
  return awsHandler(event);
};
