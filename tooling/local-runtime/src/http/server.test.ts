import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { signBlobLink } from '@sfe/blob-store';
import { formatMinorUnits } from '@sfe/events/money';
import { describe, expect, it } from 'vitest';
import { serveEmptyRuntime } from '../../test/serve-empty-runtime';
import { httpRuntimeAccess } from '../access/runtime-access';
import { STREAM_DLQ } from '../runtime';
import { writeCheckpoint } from '../stream/change-log';
import { toSequenceNumber } from '../stream/stream-records';

// The endpoint on a runtime with no services: what is tested here is what the server lets in, and how it answers.
const served = serveEmptyRuntime('server');
const port = () => Number(new URL(served.server.url).port);

interface Answer {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
}

/** A raw request (fetch forbids setting Host), with the headers a client or a browser would send. */
function send(
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: '127.0.0.1',
        port: port(),
        method,
        path,
        headers: { host: `127.0.0.1:${port()}`, ...options.headers },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          text += chunk;
        });
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            contentType: String(response.headers['content-type'] ?? ''),
            text,
          }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}

const json = { 'content-type': 'application/json' };
const awsJson = (target: string) => ({
  'content-type': 'application/x-amz-json-1.1',
  'x-amz-target': `AWSEvents.${target}`,
});
const stillAnswers = async () => expect((await send('GET', '/status')).status).toBe(200);

async function signedLink(bucket: string, key: string): Promise<string> {
  const secret = (
    await served.runtime.store.db.query<{ value: string }>(
      `select value from meta where name = 'signing-secret'`,
    )
  ).rows[0]?.value as string;
  const expires = Math.floor(Date.now() / 1000) + 300;
  const path = [bucket, ...key.split('/')].map(encodeURIComponent).join('/');
  return `/blobs/${path}?expires=${expires}&signature=${signBlobLink(secret, bucket, key, expires)}`;
}

describe('the endpoint refuses what is not its developer', () => {
  it.each([
    ['a foreign Host (DNS rebinding)', { host: 'evil.example:4010' }, 'Host "evil.example:4010" refused'],
    ['its own host on another port', { host: '127.0.0.1:1' }, 'refused'],
    ['a cross-origin page', { origin: 'https://evil.example' }, 'cross-origin request from'],
    ['a sandboxed page (Origin null)', { origin: 'null' }, 'cross-origin request from "null"'],
    [
      'a cross-site fetch without Origin',
      { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'no-cors' },
      'cross-site',
    ],
  ])('refuses %s with a 403', async (_, headers, reason) => {
    for (const [method, path] of [
      ['GET', '/tables/platform?pk=USER%23ada'],
      ['GET', '/events'],
      ['POST', '/dlq/certificate-service-course-completed/redrive'],
    ] as const) {
      const answer = await send(method, path, { headers });
      expect([answer.status, (JSON.parse(answer.text) as { error: string }).error]).toStrictEqual([
        403,
        expect.stringContaining(reason),
      ]);
    }
  });

  it('answers its own origin, as localhost or 127.0.0.1, and a link opened in a browser', async () => {
    expect((await send('GET', '/status', { headers: { origin: `http://127.0.0.1:${port()}` } })).status).toBe(
      200,
    );
    expect(
      (
        await send('GET', '/status', {
          headers: { host: `localhost:${port()}`, origin: `http://localhost:${port()}` },
        })
      ).status,
    ).toBe(200);
    const opened = await send('GET', '/certificates/verify/nobody', {
      headers: { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate' },
    });
    expect(opened.status).toBe(404);
    expect(opened.text).toContain('No such certificate');
  });

  it('refuses a JSON body sent as text/plain or a form (what a page can send without asking) with a 415', async () => {
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data']) {
      const answer = await send('POST', '/moments/sign-up', {
        headers: { 'content-type': contentType },
        body: JSON.stringify({ email: 'ada@example.com', name: 'Ada' }),
      });
      expect(answer.status).toBe(415);
      expect(answer.text).toContain('content-type: application/json');
    }
    const put = await send('POST', '/', {
      headers: { 'content-type': 'text/plain', 'x-amz-target': 'AWSEvents.PutEvents' },
      body: JSON.stringify({ Entries: [] }),
    });
    expect([put.status, JSON.parse(put.text).__type]).toStrictEqual([415, 'UnsupportedMediaTypeException']);
  });
});

describe('hostile input gets a 4xx naming what is wrong, and the runtime keeps answering', () => {
  it('refuses a NUL or lone surrogate in a sign-up, naming the field, and the verification page still answers', async () => {
    for (const name of ['Eve\u0000', '\ud800']) {
      const answer = await send('POST', '/moments/sign-up', {
        headers: json,
        body: JSON.stringify({ userId: 'eve', email: 'eve@example.com', name }),
      });
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.text).error).toBe(
        'invalid input: name: must not contain NUL (U+0000) or unpaired surrogates (U+D800-U+DFFF)',
      );
    }
    expect((await send('GET', '/certificates/verify/cert-any')).status).toBe(404);
  });

  it("puts an AWS service's event on the default bus, and refuses one that is not an AWS service's", async () => {
    const put = await send('POST', '/aws-events', {
      headers: json,
      body: JSON.stringify({
        source: 'aws.ses',
        'detail-type': 'Email Bounced',
        detail: { eventType: 'Bounce' },
      }),
    });
    expect(put.status).toBe(201);
    // No service runs here: archived, routed to no rule.
    expect(JSON.parse(put.text)).toStrictEqual({ eventId: expect.any(String), rules: [] });
    for (const body of [{ source: 'sfe-fake', 'detail-type': 'UserSignedUp' }, { source: 'aws.ses' }, []]) {
      const refused = await send('POST', '/aws-events', { headers: json, body: JSON.stringify(body) });
      expect([refused.status, JSON.parse(refused.text).error]).toStrictEqual([
        400,
        'an AWS service event needs a "source" (aws.*) and a "detail-type"',
      ]);
    }
  });

  it.each([
    ['POST', '/moments/constructor', 404],
    ['POST', '/moments/__proto__', 404],
    ['POST', '/moments/toString', 404],
    ['POST', '/moments/hasOwnProperty', 404],
    ['GET', '/tables/%E0%A4%A', 400],
    ['GET', '/certificates/verify/%ff', 400],
    ['GET', '/tables/plat%00form?pk=x', 400],
    ['GET', '/tables/platform?pk=USER%23ada%00', 400],
    ['GET', '/tables/..%2Fetc?pk=x', 400],
    ['GET', '/idle?timeoutMs=-1', 400],
    ['GET', '/idle?timeoutMs=abc', 400],
    ['GET', '/idle?timeoutMs=1e3', 400],
    ['GET', '/events?since=yesterday', 400],
    ['POST', '/dlq/%00/redrive', 400],
    ['POST', '/dlq/a%20b/redrive', 400],
    // Found by `pnpm fuzz`: `//` was resolved as a protocol-relative URL with no host, a 500.
    ['POST', '//', 404],
    ['GET', '//#;%#O7%', 404],
    ['GET', '//evil.example/tables/platform?pk=x', 404],
  ])('%s %s answers %i', async (method, path, status) => {
    const answer = await send(method, path, { headers: json });
    expect(answer.status).toBe(status);
    expect(typeof JSON.parse(answer.text).error).toBe('string');
    await stillAnswers();
  });

  it.each(['null', '[]', '"x"', '{"from":null,"to":1}', '{"from":"2026-01-01T00:00:00Z"}'])(
    'refuses %s as a replay range with a 400',
    async (body) => {
      const answer = await send('POST', '/replay', { headers: json, body });
      expect([answer.status, JSON.parse(answer.text).error]).toStrictEqual([
        400,
        'replay needs {"from": <ISO time>, "to": <ISO time>}',
      ]);
    },
  );

  it.each(['null', '[1]', '"x"', '7'])('refuses %s as a moment body with a 400', async (body) => {
    const answer = await send('POST', '/moments/sign-up', { headers: json, body });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text).error).toMatch(/^invalid input: /);
  });

  it.each([
    ['null', 'SerializationException'],
    ['[]', 'SerializationException'],
    ['{"Entries":null}', 'ValidationException'],
    ['{"Entries":[null]}', 'ValidationException'],
    ['{"Entries":[{"Source":"a","DetailType":"b","Detail":"{}"},7]}', 'ValidationException'],
    ['{not json', 'SerializationException'],
  ])('answers PutEvents with %s by a 400 %s', async (body, type) => {
    const answer = await send('POST', '/', { headers: awsJson('PutEvents'), body });
    expect([answer.status, JSON.parse(answer.text).__type]).toStrictEqual([400, type]);
    await stillAnswers();
  });

  it('refuses an entry whose Detail nests 5,000 levels alone, and accepts the valid entries of the call', async () => {
    const deep = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
    const answer = await send('POST', '/', {
      headers: awsJson('PutEvents'),
      body: JSON.stringify({
        Entries: [
          { EventBusName: 'platform', Source: 'sfe-test', DetailType: 'Ok', Detail: '{"n":1}' },
          { EventBusName: 'platform', Source: 'sfe-test', DetailType: 'Deep', Detail: deep },
          { EventBusName: 'platform', Source: 'sfe-test', DetailType: 'Ok', Detail: '{"n":2}' },
        ],
      }),
    });
    expect(answer.status).toBe(200);
    const result = JSON.parse(answer.text) as { FailedEntryCount: number; Entries: Record<string, string>[] };
    expect(result.FailedEntryCount).toBe(1);
    expect(result.Entries.map((entry) => entry.ErrorCode ?? 'ok')).toStrictEqual([
      'ok',
      'MalformedDetail',
      'ok',
    ]);
    const archived = await served.runtime.archivedEvents(new Date(0));
    expect(
      archived.filter((event) => event.source === 'sfe-test').map((event) => event.detail),
    ).toStrictEqual([{ n: 1 }, { n: 2 }]);
  });

  it('refuses a TestEventPattern Event or pattern nested 5,000 levels with a 400', async () => {
    // Built as text: JSON.stringify itself overflows on a value this deep.
    const event = `{"id":"1","account":"1","source":"s","time":"2026-01-01T00:00:00Z","region":"r","detail-type":"x","detail":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    const tooDeepEvent = await send('POST', '/', {
      headers: awsJson('TestEventPattern'),
      body: JSON.stringify({ EventPattern: '{"source":["s"]}', Event: event }),
    });
    expect([tooDeepEvent.status, JSON.parse(tooDeepEvent.text).__type]).toStrictEqual([
      400,
      'ValidationException',
    ]);
    const tooDeepPattern = await send('POST', '/', {
      headers: awsJson('TestEventPattern'),
      body: JSON.stringify({
        EventPattern: `{"detail":${'{"a":'.repeat(5000)}["x"]${'}'.repeat(5000)}}`,
        Event: '{}',
      }),
    });
    expect([tooDeepPattern.status, JSON.parse(tooDeepPattern.text).__type]).toStrictEqual([
      400,
      'InvalidEventPatternException',
    ]);
  });
});

describe('table queries', () => {
  it('answers several queries in one POST /queries, in the order asked, as GET /tables answers each', async () => {
    const table = served.runtime.store.table('queries-test');
    await table.transact([
      { kind: 'put', item: { pk: 'A', sk: 'x#1', n: 1 } },
      { kind: 'put', item: { pk: 'A', sk: 'y#1', n: 2 } },
      { kind: 'put', item: { pk: 'B', sk: 'x#1', n: 3 } },
    ]);
    const queries = [
      { table: 'queries-test', pk: 'B' },
      { table: 'queries-test', pk: 'A', skPrefix: 'y' },
      { table: 'queries-test', pk: 'none' },
      { table: 'queries-test', pk: 'A' },
    ];
    const answer = await send('POST', '/queries', { headers: json, body: JSON.stringify(queries) });
    expect(answer.status).toBe(200);
    const each = await Promise.all(
      queries.map(async ({ pk, skPrefix = '' }) =>
        JSON.parse((await send('GET', `/tables/queries-test?pk=${pk}&skPrefix=${skPrefix}`)).text),
      ),
    );
    expect(JSON.parse(answer.text)).toStrictEqual(each);
    expect(each.map((items: unknown[]) => items.length)).toStrictEqual([1, 1, 0, 2]);
  });

  it.each([
    ['{}', 'queries: 1 to 100 of {"table", "pk", "skPrefix"?}'],
    ['[]', 'queries: 1 to 100 of {"table", "pk", "skPrefix"?}'],
    [
      JSON.stringify(Array(101).fill({ table: 't', pk: 'p' })),
      'queries: 1 to 100 of {"table", "pk", "skPrefix"?}',
    ],
    [
      '[{"table":"t","pk":"p"},null]',
      'queries[1].table is not a table name (letters, digits, _ . -; at most 255)',
    ],
    [
      '[{"table":"../etc","pk":"p"}]',
      'queries[0].table is not a table name (letters, digits, _ . -; at most 255)',
    ],
    ['[{"table":"t","pk":""}]', 'queries[0].pk must be a partition key (a string, no NUL)'],
    ['[{"table":"t","pk":"a\\u0000"}]', 'queries[0].pk must be a partition key (a string, no NUL)'],
    ['[{"table":"t","pk":"p","skPrefix":7}]', 'queries[0].skPrefix must be a string, no NUL'],
  ])('refuses %s with a 400 naming what is wrong', async (body, error) => {
    const answer = await send('POST', '/queries', { headers: json, body });
    expect([answer.status, JSON.parse(answer.text).error]).toStrictEqual([400, error]);
    await stillAnswers();
  });
});

describe('formatted money', () => {
  it('answers POST /formatted-money in the order asked, with what formatMinorUnits gives each amount', async () => {
    const amounts = [
      { amount: 4999, currency: 'GBP' },
      { amount: 4999, currency: 'JPY' },
      { amount: 4999, currency: 'BHD' },
      { amount: 0, currency: 'EUR' },
    ];
    const answer = await send('POST', '/formatted-money', { headers: json, body: JSON.stringify(amounts) });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toStrictEqual(['£49.99', 'JP¥4,999', 'BHD\u00a04.999', '€0.00']);
    expect(JSON.parse(answer.text)).toStrictEqual(
      amounts.map(({ amount, currency }) => formatMinorUnits(amount, currency)),
    );
  });

  it.each([
    ['{}', 'amounts: 1 to 1000 of {"amount", "currency"}'],
    ['[]', 'amounts: 1 to 1000 of {"amount", "currency"}'],
    [
      JSON.stringify(Array(1001).fill({ amount: 1, currency: 'GBP' })),
      'amounts: 1 to 1000 of {"amount", "currency"}',
    ],
    [
      '[{"amount":1,"currency":"GBP"},null]',
      'amounts[1].amount must be a whole number of minor units, 0 or more',
    ],
    [
      '[{"amount":49.99,"currency":"GBP"}]',
      'amounts[0].amount must be a whole number of minor units, 0 or more',
    ],
    [
      '[{"amount":-1,"currency":"GBP"}]',
      'amounts[0].amount must be a whole number of minor units, 0 or more',
    ],
    [
      '[{"amount":"1","currency":"GBP"}]',
      'amounts[0].amount must be a whole number of minor units, 0 or more',
    ],
    [
      '[{"amount":1,"currency":"gbp"}]',
      'amounts[0].currency must be an ISO 4217 code (three capital letters)',
    ],
    ['[{"amount":1}]', 'amounts[0].currency must be an ISO 4217 code (three capital letters)'],
  ])('refuses %s with a 400 naming what is wrong', async (body, error) => {
    const answer = await send('POST', '/formatted-money', { headers: json, body });
    expect([answer.status, JSON.parse(answer.text).error]).toStrictEqual([400, error]);
    await stillAnswers();
  });
});

describe('signed blob links', () => {
  it('answers a 404 for a link to a directory (a key prefix), and keeps running', async () => {
    await served.runtime.buckets
      .bucket('certificates')
      .put('certificates/ada/c-1.pdf', '%PDF-', 'application/pdf');
    const answer = await send('GET', await signedLink('certificates', 'certificates/ada'));
    expect([answer.status, JSON.parse(answer.text).error]).toStrictEqual([
      404,
      'no object certificates/certificates/ada',
    ]);
    const file = await send('GET', await signedLink('certificates', 'certificates/ada/c-1.pdf'));
    expect([file.status, file.contentType, file.text]).toStrictEqual([200, 'application/pdf', '%PDF-']);
  });

  it('confines a validly signed bucket name to the buckets directory', async () => {
    await mkdir(join(served.directory, 'outside'), { recursive: true });
    await writeFile(join(served.directory, 'outside', 'secret.txt'), 'secret');
    for (const bucket of ['../../../../../etc', '../outside']) {
      const answer = await send(
        'GET',
        await signedLink(bucket, bucket === '../outside' ? 'secret.txt' : 'passwd'),
      );
      expect(answer.status).toBe(403);
      expect(JSON.parse(answer.text).error).toBe(`signed link refused: invalid bucket name "${bucket}"`);
    }
  });
});

describe('bounded storage', () => {
  it('streams a replay with its progress to the CLI, and answers plain JSON to others', async () => {
    // Event times are whole seconds, as AWS writes them.
    const from = new Date(Date.now() - 2_000);
    await served.runtime.bus.putEvents(
      Array.from({ length: 3 }, (_, n) => ({
        EventBusName: 'platform',
        Source: 'sfe-replay-test',
        DetailType: 'Replayed',
        Detail: JSON.stringify({ n }),
      })),
    );
    const to = new Date(Date.now() + 1_000);
    const progress: unknown[] = [];
    const streamed = await httpRuntimeAccess(served.server.url, served.directory).replay(
      { from, to },
      (step) => progress.push(step),
    );
    expect(streamed.events).toBeGreaterThanOrEqual(3);
    expect(progress).toStrictEqual([
      { replayName: streamed.replayName, replayed: streamed.events, of: streamed.events },
    ]);
    const plain = await send('POST', '/replay', {
      headers: json,
      body: JSON.stringify({ from: from.toISOString(), to: to.toISOString() }),
    });
    expect([plain.status, plain.contentType, JSON.parse(plain.text).events]).toStrictEqual([
      200,
      'application/json',
      streamed.events,
    ]);
  });

  it('trims the change log up to the stream checkpoint, keeping what a DLQ record still points at', async () => {
    const table = served.runtime.store.platformTable;
    const item = (n: number) => ({ pk: `HOUSEKEEPING#${n}`, sk: 'X', n });
    for (let n = 0; n < 6; n++) await table.transact([{ kind: 'put', item: item(n) }]);
    const seqs = (
      await served.runtime.store.db.query<{ seq: string }>(
        `select seq::text as seq from changes where pk like 'HOUSEKEEPING#%' order by seq`,
      )
    ).rows.map((row) => BigInt(row.seq));
    const at = (n: number) => seqs[n] as bigint;
    await writeCheckpoint(served.runtime.store.db, 'stream-processor', at(4));
    const failure = { DDBStreamBatchInfo: { startSequenceNumber: toSequenceNumber(at(2)) } };
    const id = await served.runtime.queues.send(STREAM_DLQ, JSON.stringify(failure));
    await served.runtime.housekeep();
    const left = async () =>
      (
        await served.runtime.store.db.query<{ pk: string }>(
          `select pk from changes where pk like 'HOUSEKEEPING#%' order by seq`,
        )
      ).rows.map((row) => row.pk);
    expect(await left()).toStrictEqual([2, 3, 4, 5].map((n) => `HOUSEKEEPING#${n}`));
    await served.runtime.queues.deleteById(id);
    await served.runtime.housekeep();
    // The checkpointed change stays: the log's last sequence number is what /status measures lag from.
    expect(await left()).toStrictEqual([4, 5].map((n) => `HOUSEKEEPING#${n}`));
    const status = JSON.parse((await send('GET', '/status')).text) as { stream: { checkpoint: string } };
    expect(status.stream.checkpoint).toBe(at(4).toString());
  });
});

describe('the AWS CLI v2 as a client', () => {
  const aws = (args: string[]) =>
    promisify(execFile)(
      '/usr/bin/aws',
      [...args, '--endpoint-url', `http://127.0.0.1:${port()}`, '--output', 'json'],
      {
        env: {
          PATH: process.env.PATH,
          HOME: served.directory,
          AWS_ACCESS_KEY_ID: 'local',
          AWS_SECRET_ACCESS_KEY: 'local',
          AWS_DEFAULT_REGION: 'us-east-1',
        },
      },
    );

  it('puts events and tests patterns through the hardened endpoint', async () => {
    const put = await aws([
      'events',
      'put-events',
      '--entries',
      JSON.stringify([
        { EventBusName: 'platform', Source: 'sfe-cli', DetailType: 'Tried', Detail: '{"by":"cli"}' },
      ]),
    ]);
    expect(JSON.parse(put.stdout).FailedEntryCount).toBe(0);
    const tested = await aws([
      'events',
      'test-event-pattern',
      '--event-pattern',
      '{"source":[{"prefix":"sfe-"}]}',
      '--event',
      '{"id":"1","account":"000000000000","source":"sfe-x","time":"2026-11-23T10:00:00Z","region":"us-east-1","resources":[],"detail-type":"X","detail":{}}',
    ]);
    expect(JSON.parse(tested.stdout)).toStrictEqual({ Result: true });
  }, 60_000);
});
