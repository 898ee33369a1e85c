import { AwsServiceError } from './aws-call';
import type { HttpAnswer } from './transport';

// AWS's XML answers are read with patterns rather than an XML parser: what is read of them (an error's Code,
// Message and RequestId, a result's MessageId) are single, unnested text elements.

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** The text of the first `<name>` element of an AWS XML answer, its entities decoded; undefined if absent. */
export function xmlElement(xml: string, name: string): string | undefined {
  const text = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
  return text?.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, code: string) => {
    if (code.startsWith('#x') || code.startsWith('#X'))
      return String.fromCodePoint(Number.parseInt(code.slice(2), 16));
    if (code.startsWith('#')) return String.fromCodePoint(Number(code.slice(1)));
    return ENTITIES[code] ?? entity;
  });
}

/** What the SDK names an error that came without a body (a HEAD's). */
const STATUS_CODES: Readonly<Record<number, string>> = {
  403: 'Forbidden',
  404: 'NotFound',
  400: 'BadRequest',
};

/**
 * An XML error answer as an `AwsServiceError`: S3's `<Error><Code/><Message/><RequestId/></Error>`, or the
 * query protocol's `<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>` (SES).
 */
export function xmlError(response: HttpAnswer, text: string): AwsServiceError {
  const requestId =
    xmlElement(text, 'RequestId') ??
    response.headers.get('x-amz-request-id') ??
    response.headers.get('x-amzn-requestid') ??
    undefined;
  return new AwsServiceError({
    code: xmlElement(text, 'Code') ?? STATUS_CODES[response.status] ?? `HTTP${response.status}`,
    message: xmlElement(text, 'Message') ?? response.statusText,
    status: response.status,
    ...(requestId ? { requestId } : {}),
  });
}
