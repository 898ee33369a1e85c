// The floor of any function that calls AWS, with no library: what Node itself costs. It derives a SigV4-like
// signing key with `node:crypto` (the HMACs and hash every signed request needs), loads `node:https` (every AWS
// endpoint is HTTPS) and POSTs one DynamoDB `PutItem` with `node:http` to the stand-in. Not a usable client (no
// real signature, no retries): a measuring stick for `pnpm bench:coldstart`, built with the functions' options.
import type { SQSEvent } from 'aws-lambda';

function post(http: typeof import('node:http'), body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      `${process.env.AWS_ENDPOINT_URL}/`,
      {
        method: 'POST',
        headers: {
          'x-amz-target': 'DynamoDB_20120810.PutItem',
          'content-type': 'application/x-amz-json-1.0',
        },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

export const handler = async (event: SQSEvent) => {
  const crypto = process.getBuiltinModule('node:crypto');
  const http = process.getBuiltinModule('node:http');
  process.getBuiltinModule('node:https');
  const body = JSON.stringify({
    TableName: 'reference',
    Item: { pk: { S: event.Records[0]?.messageId ?? '' } },
  });
  let key: Buffer | string = 'AWS4reference';
  for (const part of ['20261206', 'eu-west-2', 'dynamodb', 'aws4_request']) {
    key = crypto.createHmac('sha256', key).update(part).digest();
  }
  crypto
    .createHmac('sha256', key)
    .update(crypto.createHash('sha256').update(body).digest('hex'))
    .digest('hex');
  const status = await post(http, body);
  if (status !== 200) throw new Error(`PutItem answered ${status}`);
  return { batchItemFailures: [] };
};
