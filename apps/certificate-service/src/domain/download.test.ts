import { describe, expect, it } from 'vitest';
import { certificateIdFor } from './certificate';
import { certificateNotFound, redirectTo, routeDownload } from './download';

const id = certificateIdFor('u-1', 'c-1');
const text = { 'cache-control': 'no-store', 'content-type': 'text/plain; charset=utf-8' };

describe('routeDownload', () => {
  it('names the certificate and its PDF for GET /certificates/<id>', () => {
    expect(routeDownload({ method: 'GET', path: `/certificates/${id}` })).toStrictEqual({
      kind: 'certificate',
      certificateId: id,
      objectKey: `certificates/${id}.pdf`,
    });
  });

  it('accepts HEAD too (link checkers ask before they fetch)', () => {
    expect(routeDownload({ method: 'HEAD', path: `/certificates/${id}` }).kind).toBe('certificate');
  });

  it.each([
    '/',
    '/certificates',
    '/certificates/',
    `/certificates/${id}/`,
    `/certificates/${id}.pdf`,
    `/certificates/${id.toUpperCase()}`,
    `/certificates/${id}%2F..`,
    '/certificates/../certificates/x',
    `/certificates/..%2F${id}`,
    `//certificates/${id}`,
    `/certificates//${id}`,
    `/certificates/verify/${id}`,
    '/certificates/not-a-uuid',
    `/blobs/certificates/certificates/${id}.pdf`,
  ])('answers 404 to %j without touching storage (no listing, no path tricks)', (path) => {
    expect(routeDownload({ method: 'GET', path })).toStrictEqual({
      kind: 'answered',
      response: { statusCode: 404, headers: text, body: 'Not found' },
    });
  });

  it.each(['POST', 'PUT', 'DELETE', 'OPTIONS'])('answers 405 to %s, saying what is allowed', (method) => {
    expect(routeDownload({ method, path: `/certificates/${id}` })).toStrictEqual({
      kind: 'answered',
      response: {
        statusCode: 405,
        headers: { allow: 'GET, HEAD', ...text },
        body: `${method} is not allowed; use GET`,
      },
    });
  });
});

describe('responses', () => {
  it('redirects with 302 and forbids caching the short-lived target', () => {
    expect(
      redirectTo('https://bucket.s3.eu-west-2.amazonaws.com/certificates/x.pdf?X-Amz-Signature=1'),
    ).toStrictEqual({
      statusCode: 302,
      headers: {
        location: 'https://bucket.s3.eu-west-2.amazonaws.com/certificates/x.pdf?X-Amz-Signature=1',
        ...text,
      },
      body: 'Found',
    });
  });

  it('answers 404 naming the unknown certificate', () => {
    expect(certificateNotFound(id)).toStrictEqual({
      statusCode: 404,
      headers: text,
      body: `No certificate ${id}`,
    });
  });
});
