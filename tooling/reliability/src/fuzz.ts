import { request as httpRequest } from 'node:http';
import { marshall } from '@aws-sdk/util-dynamodb';
import { runCli } from '@sfe/cli/cli';
import { commands } from '@sfe/cli/commands';
import { startLocalRuntime } from '@sfe/local-runtime';
import { type Item, isAcceptedText, PlatformItemSchema } from '@sfe/records';
import {
  createLocalStreamHandler,
  createMemoryDeadLetterSink,
  createMemoryEventPublisher,
} from '@sfe/stream-processor/local';
import fc from 'fast-check';

/**
 * Property-based fuzzing of every entrance of the platform (issue 13): the runtime's HTTP endpoint (PutEvents
 * and TestEventPattern bodies, each business moment, any path), DynamoDB stream records (the stream
 * processor's handler and `sfe emit`), `sfe events validate`, and the item schemas. The property, for each
 * input: a clear refusal (a 4xx, an exit code 1 naming the problem) or a clean result; the runtime keeps
 * answering; and what was accepted is there afterwards (archived events, moments' items, stored items).
 *
 * Hand-written around fast-check (not `fc.assert` alone) so one run can report figures per entrance.
 */
export interface FuzzOptions {
  /** Inputs in all, shared among the entrances by weight. */
  readonly runs: number;
  readonly seed?: number;
  /** Where the runtime's files go (its database is in memory). */
  readonly dataDirectory: string;
  readonly log?: (line: string) => void;
}

export interface EntranceFigures {
  readonly entrance: string;
  inputs: number;
  /** A clean result: 2xx, exit 0, a parsed item. */
  accepted: number;
  /** A clear refusal: 4xx, exit 1 with a message, schema issues. */
  refused: number;
  /** Property violations: 5xx, a dropped connection, a crash, an accepted input lost (with the input). */
  readonly failures: string[];
}

export interface FuzzReport {
  readonly seed: number;
  readonly entrances: readonly EntranceFigures[];
  readonly inputs: number;
  readonly failures: number;
  /** Accepted inputs not found afterwards (PutEvents entries, moments' items, stored items). */
  readonly lost: number;
  readonly stillAnswering: boolean;
  readonly elapsedMs: number;
}

/** Strings people and programs really send, and the hostile ones: NUL, lone surrogates, prototype names. */
const nastyString = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ maxLength: 20 }) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '',
      '\u0000',
      'Eve\u0000',
      '\ud800',
      '\udfff',
      'a\ud800b',
      '🦉',
      '__proto__',
      'constructor',
      'toString',
      '../../etc/passwd',
      '%00',
      '%E0%A4%A',
      'ada',
      'ada@example.com',
      'eda-101',
      'GBP',
      '2026-11-23T10:00:00Z',
      'x'.repeat(300),
    ),
  },
);
const deepJson = fc
  .integer({ min: 1, max: 6_000 })
  .map((depth) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);
const anyJson = fc.oneof(
  { weight: 5, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  { weight: 1, arbitrary: fc.constantFrom(null, [], {}, [null], 0, '', true) },
);
/** A JSON text (usually), or something that is not JSON at all. */
const jsonText = fc.oneof(
  { weight: 5, arbitrary: anyJson.map((value) => JSON.stringify(value)) },
  { weight: 1, arbitrary: deepJson },
  { weight: 1, arbitrary: nastyString },
);

const putEventsEntry = fc.record(
  {
    EventBusName: fc.oneof(
      fc.constantFrom('platform', 'default', 'arn:aws:events:us-east-1:000000000000:event-bus/platform'),
      nastyString,
      anyJson,
    ),
    Source: fc.oneof(fc.constantFrom('sfe-fuzz'), nastyString, anyJson),
    DetailType: fc.oneof(fc.constantFrom('Fuzzed'), nastyString, anyJson),
    Detail: fc.oneof(jsonText, anyJson),
    Time: fc.oneof(fc.integer(), nastyString, anyJson),
    Resources: fc.oneof(fc.array(nastyString, { maxLength: 3 }), anyJson),
  },
  { requiredKeys: [] },
);
const putEventsBody = fc.oneof(
  { weight: 6, arbitrary: fc.record({ Entries: fc.array(putEventsEntry, { maxLength: 12 }) }) },
  { weight: 1, arbitrary: fc.record({ Entries: anyJson }) },
  { weight: 1, arbitrary: anyJson },
);
const testEventPatternBody = fc.record(
  {
    EventPattern: fc.oneof(
      { weight: 2, arbitrary: jsonText },
      { weight: 1, arbitrary: anyJson },
      {
        weight: 3,
        arbitrary: fc.constantFrom(
          '{"source":["sfe-x"]}',
          '{"source":[{"prefix":"sfe-"}]}',
          '{"detail":{"a":[{"numeric":[">",1]}]}}',
          '{"detail-type":[{"anything-but":"X"}]}',
          '{"detail":{"a":[{"exists":false}]}}',
          '{"detail":{"$or":[{"a":[1]},{"b":[2]}]}}',
        ),
      },
    ),
    Event: fc.oneof(
      jsonText,
      fc.record({ detail: anyJson, source: nastyString }).map((event) =>
        JSON.stringify({
          id: '1',
          account: '000000000000',
          time: '2026-11-23T10:00:00Z',
          region: 'us-east-1',
          resources: [],
          'detail-type': 'X',
          ...event,
        }),
      ),
    ),
  },
  { requiredKeys: [] },
);
const MOMENTS = [
  'sign-up',
  'enrol',
  'pay',
  'complete-course',
  'open-ticket',
  'deactivate',
  'refund',
  'upload-video',
] as const;
const momentBody = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record(
      {
        userId: fc.oneof(fc.constantFrom('ada', 'grace'), nastyString),
        email: fc.oneof(fc.constantFrom('ada@example.com'), nastyString),
        name: nastyString,
        courseId: fc.oneof(fc.constantFrom('eda-101'), nastyString),
        paymentId: fc.oneof(fc.constantFrom('p-1'), nastyString),
        courseTitle: nastyString,
        amount: fc.oneof(fc.integer(), fc.double(), anyJson),
        currency: fc.oneof(fc.constantFrom('GBP'), nastyString),
        subject: nastyString,
        videoId: nastyString,
        transcript: nastyString,
        contentBase64: fc.constantFrom('AAAA', '!!', ''),
      },
      { requiredKeys: [] },
    ),
  },
  { weight: 1, arbitrary: anyJson },
);
const contentType = fc.constantFrom(
  'application/json',
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/x-www-form-urlencoded',
);
const anyPath = fc.oneof(
  fc
    .tuple(
      fc.constantFrom(
        '/tables/',
        '/dlq/',
        '/moments/',
        '/certificates/verify/',
        '/blobs/',
        '/events',
        '/idle',
        '/',
      ),
      fc.string({ maxLength: 20 }),
    )
    .map(([prefix, rest]) => `${prefix}${encodeURI(rest).replace(/%25/g, '%')}`),
  fc.constantFrom(
    '/idle?timeoutMs=-1',
    '/idle?timeoutMs=abc',
    '/tables/plat%00form?pk=x',
    '/tables/platform?pk=%00',
    '/tables/platform?pk=USER%23ada',
    '/events?since=%ff',
    '/certificates/verify/%E0%A4%A',
    '/blobs/..%2F..%2Fetc/passwd?expires=1&signature=00',
    '/dlq/%00/redrive',
  ),
);

/** A DynamoDB Streams record: near-valid (a real item with fuzzed attributes) or junk of the right outline. */
const streamRecord = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .record({
        eventName: fc.oneof(fc.constantFrom('INSERT', 'MODIFY', 'REMOVE'), nastyString),
        entityType: fc.oneof(
          fc.constantFrom('USER', 'ENROLMENT', 'PAYMENT', 'TICKET', 'CERTIFICATE'),
          nastyString,
        ),
        name: nastyString,
        email: fc.oneof(fc.constantFrom('ada@example.com'), nastyString),
        completedAt: fc.option(fc.oneof(fc.constantFrom('2026-11-23T10:00:00.000Z'), nastyString)),
        amount: fc.oneof(fc.integer(), fc.double({ noNaN: true, min: -1e15, max: 1e15 })),
        sequence: fc.integer({ min: 1, max: 1_000_000 }),
      })
      .map((r) => {
        const image: Record<string, unknown> = {
          pk: 'USER#ada',
          sk: r.entityType === 'USER' ? 'PROFILE' : `${r.entityType}#x`,
          entityType: r.entityType,
          userId: 'ada',
          email: r.email,
          name: r.name,
          userName: r.name,
          courseId: 'eda-101',
          courseTitle: r.name,
          status: 'active',
          createdAt: '2026-11-23T10:00:00.000Z',
          enrolledAt: '2026-11-23T10:00:00.000Z',
          progress: 50,
          paymentId: 'p-1',
          amount: r.amount,
          currency: 'GBP',
          ticketId: 't-1',
          subject: r.name,
          openedAt: '2026-11-23T10:00:00.000Z',
          ...(r.completedAt ? { completedAt: r.completedAt } : {}),
        };
        const marshalled = marshall(image, { removeUndefinedValues: true, convertClassInstanceToMap: true });
        return {
          eventID: `fuzz-${r.sequence}`,
          eventName: r.eventName,
          eventSource: 'aws:dynamodb',
          dynamodb: {
            ApproximateCreationDateTime: 1_795_000_000,
            Keys: { pk: { S: 'USER#ada' }, sk: { S: String(image.sk) } },
            NewImage: marshalled,
            OldImage: { ...marshalled, completedAt: undefined },
            SequenceNumber: String(r.sequence),
            StreamViewType: 'NEW_AND_OLD_IMAGES',
          },
        } as unknown;
      }),
  },
  {
    weight: 1,
    arbitrary: fc.record(
      {
        eventID: fc.oneof(nastyString, anyJson),
        eventName: fc.oneof(nastyString, anyJson),
        dynamodb: fc.oneof(
          anyJson,
          fc.record(
            { NewImage: anyJson, OldImage: anyJson, SequenceNumber: fc.oneof(nastyString, anyJson) },
            { requiredKeys: [] },
          ),
        ),
      },
      { requiredKeys: [] },
    ),
  },
);

interface Answer {
  readonly status: number;
  readonly text: string;
}

function send(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      { host: '127.0.0.1', port, method, path, headers: { host: `127.0.0.1:${port}`, ...headers } },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          text += chunk;
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/** Deep inputs print as their size, not their text. */
function describeInput(input: unknown): string {
  const text = JSON.stringify(input) ?? String(input);
  return text.length > 300 ? `${text.slice(0, 300)}... (${text.length} chars)` : text;
}

/** Every string inside a value, at any depth, iteratively (a hostile value may be deep). */
function everyString(value: unknown): string[] {
  const found: string[] = [];
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const next = stack.pop();
    if (typeof next === 'string') found.push(next);
    else if (Array.isArray(next)) stack.push(...next);
    else if (typeof next === 'object' && next !== null) {
      for (const [name, inner] of Object.entries(next)) stack.push(name, inner);
    }
  }
  return found;
}

export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const started = Date.now();
  const seed = options.seed ?? Date.now() % 2_147_483_647;
  const log = options.log ?? (() => {});
  // The runtime with its stream (accepted moments become events) but no consumers: entrances are the subject.
  const local = await startLocalRuntime({
    port: 0,
    dataDirectory: options.dataDirectory,
    inMemory: true,
    services: [],
    captureFunctionLogs: false,
  });
  const { runtime } = local;
  const port = Number(new URL(local.url).port);
  const figures: EntranceFigures[] = [];
  const entrance = (name: string): EntranceFigures => {
    const entry: EntranceFigures = { entrance: name, inputs: 0, accepted: 0, refused: 0, failures: [] };
    figures.push(entry);
    return entry;
  };
  const acceptedEventIds: string[] = [];
  const acceptedItems: { pk: string; sk: string }[] = [];
  const storedItems: Item[] = [];
  let lost = 0;

  // A CLI run is fine when it exits 0, or 1/2 saying why; a crash, another exit code or a silent refusal is recorded.
  const judgeCli = async (figure: EntranceFigures, args: string[], stdin: string): Promise<void> => {
    figure.inputs += 1;
    const err: string[] = [];
    const code = await runCli(commands, args, {
      stdout: () => {},
      stderr: (s) => void err.push(s),
      readStdin: async () => stdin,
      cwd: options.dataDirectory,
    });
    const said = err.join('');
    if (
      /Cannot read properties|is not a function|TypeError|RangeError/.test(said) ||
      (code !== 0 && code !== 1 && code !== 2)
    ) {
      figure.failures.push(`exit ${code}: ${said.slice(0, 200)} on ${describeInput(stdin)}`);
    } else if (code === 0) figure.accepted += 1;
    else if (said.trim() === '')
      figure.failures.push(`exit ${code} without a reason on ${describeInput(stdin)}`);
    else figure.refused += 1;
  };

  // An HTTP answer is fine when it is a clean result or a 4xx carrying a message; anything else is recorded.
  const judge = (figure: EntranceFigures, input: unknown, answer: Answer | Error): Answer | undefined => {
    figure.inputs += 1;
    if (answer instanceof Error) {
      figure.failures.push(`connection failed (${answer.message}) on ${describeInput(input)}`);
      return undefined;
    }
    if (answer.status >= 200 && answer.status < 300) {
      figure.accepted += 1;
      return answer;
    }
    const message = (() => {
      try {
        const body = JSON.parse(answer.text) as { error?: unknown; message?: unknown };
        return typeof body.error === 'string' ? body.error : body.message;
      } catch {
        return /<h1>/.test(answer.text) ? 'page' : undefined;
      }
    })();
    if (answer.status >= 400 && answer.status < 500 && typeof message === 'string' && message !== '') {
      figure.refused += 1;
      return answer;
    }
    figure.failures.push(`${answer.status} ${answer.text.slice(0, 200)} on ${describeInput(input)}`);
    return undefined;
  };
  const call = (method: string, path: string, headers: Record<string, string>, body?: string) =>
    send(port, method, path, headers, body).catch((error: Error) => error);

  const share = (weight: number) => Math.max(1, Math.round((options.runs * weight) / 20));
  const check = async <T>(
    name: string,
    arbitrary: fc.Arbitrary<T>,
    weight: number,
    run: (input: T) => Promise<void>,
  ) => {
    const numRuns = share(weight);
    const at = Date.now();
    // fc.check drives generation and shrinking; each run's verdict is recorded by `run` itself.
    await fc.check(
      fc.asyncProperty(arbitrary, async (input) => run(input).then(() => true)),
      { numRuns, seed },
    );
    log(`${name}: ${numRuns} inputs in ${((Date.now() - at) / 1000).toFixed(1)} s`);
  };

  try {
    const putEvents = entrance('PutEvents (HTTP, AWS JSON protocol)');
    await check(putEvents.entrance, putEventsBody, 4, async (body) => {
      const answer = judge(
        putEvents,
        body,
        await call(
          'POST',
          '/',
          { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSEvents.PutEvents' },
          JSON.stringify(body),
        ),
      );
      if (answer?.status === 200) {
        const result = JSON.parse(answer.text) as { Entries: { EventId?: string }[] };
        for (const entry of result.Entries) if (entry.EventId) acceptedEventIds.push(entry.EventId);
      }
    });

    const pattern = entrance('TestEventPattern (HTTP)');
    await check(pattern.entrance, testEventPatternBody, 3, async (body) => {
      const answer = judge(
        pattern,
        body,
        await call(
          'POST',
          '/',
          { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSEvents.TestEventPattern' },
          JSON.stringify(body),
        ),
      );
      if (
        answer?.status === 200 &&
        typeof (JSON.parse(answer.text) as { Result?: unknown }).Result !== 'boolean'
      ) {
        pattern.failures.push(`200 without a boolean Result on ${describeInput(body)}`);
      }
    });

    const moments = entrance('business moments (HTTP)');
    await check(
      moments.entrance,
      fc.tuple(fc.constantFrom(...MOMENTS), momentBody, contentType),
      4,
      async ([name, body, type]) => {
        const answer = judge(
          moments,
          { name, body, type },
          await call('POST', `/moments/${name}`, { 'content-type': type }, JSON.stringify(body)),
        );
        if (answer?.status === 201) {
          const result = JSON.parse(answer.text) as { wrote: string[] };
          for (const key of result.wrote) {
            const [pk, sk] = key.split(' ');
            if (pk && sk) acceptedItems.push({ pk, sk });
          }
        }
      },
    );

    const paths = entrance('any path (HTTP)');
    await check(
      paths.entrance,
      fc.tuple(fc.constantFrom('GET', 'POST'), anyPath),
      1,
      async ([method, path]) => {
        judge(paths, { method, path }, await call(method, path, { 'content-type': 'application/json' }));
      },
    );

    const stream = entrance('stream processor handler (DynamoDB Streams records)');
    await check(
      stream.entrance,
      fc.array(streamRecord, { minLength: 1, maxLength: 5 }),
      3,
      async (records) => {
        stream.inputs += 1;
        const publisher = createMemoryEventPublisher();
        const deadLetters = createMemoryDeadLetterSink();
        const handler = createLocalStreamHandler({
          publisher,
          deadLetters,
          claimCheckStore: { put: async (key) => `https://claims.invalid/${key}` },
        });
        try {
          const response = await handler({ Records: records as never });
          if (!Array.isArray(response.batchItemFailures)) throw new Error('no batchItemFailures');
          stream.accepted += 1;
        } catch (error) {
          // A thrown error fails the whole batch (Lambda retries it, then its on-failure destination keeps it):
          // clear, and nothing lost, as long as it says what is wrong.
          const message = error instanceof Error ? error.message : String(error);
          if (/Cannot read properties|is not a function|undefined/.test(message)) {
            stream.failures.push(`${message} on ${describeInput(records)}`);
          } else stream.refused += 1;
        }
      },
    );

    const emit = entrance('sfe emit');
    await check(
      emit.entrance,
      fc.oneof(
        {
          weight: 4,
          arbitrary: fc
            .array(fc.oneof(streamRecord, anyJson), { maxLength: 4 })
            .map((Records) => JSON.stringify({ Records })),
        },
        { weight: 1, arbitrary: jsonText },
      ),
      2,
      async (stdin) => {
        await judgeCli(emit, ['emit'], stdin);
      },
    );

    const validate = entrance('sfe events validate');
    await check(validate.entrance, jsonText, 1, (stdin) =>
      judgeCli(validate, ['events', 'validate', '-'], stdin),
    );

    const items = entrance('item schemas (and the store)');
    const table = runtime.store.table('fuzz-items');
    let itemNumber = 0;
    await check(
      items.entrance,
      fc.oneof(
        {
          weight: 3,
          arbitrary: momentBody.map((body) => ({
            ...(body as object),
            entityType: 'USER',
            status: 'active',
            createdAt: '2026-11-23T10:00:00.000Z',
            pk: 'USER#x',
            sk: 'PROFILE',
          })),
        },
        { weight: 1, arbitrary: anyJson },
      ),
      2,
      async (value) => {
        items.inputs += 1;
        const parsed = PlatformItemSchema.safeParse(value);
        if (!parsed.success) {
          items.refused += 1;
          return;
        }
        const refusedText = everyString(parsed.data).find((text) => !isAcceptedText(text));
        if (refusedText !== undefined) {
          items.failures.push(
            `accepted refused text ${JSON.stringify(refusedText)} in ${describeInput(value)}`,
          );
          return;
        }
        // Accepted means storable: the item goes in and comes back the same.
        const item = { ...parsed.data, pk: `FUZZ#${++itemNumber}` } as Item;
        try {
          await table.transact([{ kind: 'put', item }]);
          storedItems.push(item);
          items.accepted += 1;
        } catch (error) {
          items.failures.push(
            `accepted but not storable (${(error as Error).message}): ${describeInput(value)}`,
          );
        }
      },
    );

    // Nothing accepted is lost: every accepted event is archived, every moment's item and stored item is there.
    const archived = new Set(
      (await runtime.store.db.query<{ event_id: string }>('select event_id from archive')).rows.map(
        (r) => r.event_id,
      ),
    );
    const missingEvents = acceptedEventIds.filter((id) => !archived.has(id));
    putEvents.failures.push(...missingEvents.map((id) => `accepted event ${id} is not in the archive`));
    lost += missingEvents.length;
    for (const key of acceptedItems) {
      if (!(await runtime.store.platformTable.get(key))) {
        moments.failures.push(`accepted moment's item ${key.pk} ${key.sk} is not in the table`);
        lost += 1;
      }
    }
    for (const item of storedItems) {
      const back = await table.get({ pk: item.pk, sk: item.sk });
      if (
        JSON.stringify(back && PlatformItemSchema.parse(back)) !==
        JSON.stringify(PlatformItemSchema.parse(item))
      ) {
        items.failures.push(`stored item ${item.pk} came back different: ${describeInput(back)}`);
        lost += 1;
      }
    }
    const status = await call('GET', '/status', {});
    const stillAnswering = !(status instanceof Error) && status.status === 200;
    return {
      seed,
      entrances: figures,
      inputs: figures.reduce((sum, figure) => sum + figure.inputs, 0),
      failures: figures.reduce((sum, figure) => sum + figure.failures.length, 0),
      lost,
      stillAnswering,
      elapsedMs: Date.now() - started,
    };
  } finally {
    await local.stop();
  }
}

/** The report as a table, for a person and for RELIABILITY.md. */
export function formatFuzzReport(report: FuzzReport): string {
  const rows = report.entrances.map(
    (figure) =>
      `| ${figure.entrance} | ${figure.inputs} | ${figure.accepted} | ${figure.refused} | ${figure.failures.length} |`,
  );
  return [
    '| entrance | inputs | clean result | clear refusal | failures |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...rows,
    `| **all** | ${report.inputs} | | | ${report.failures} |`,
    '',
    `seed ${report.seed}; accepted inputs lost: ${report.lost}; runtime still answering: ${report.stillAnswering ? 'yes' : 'NO'}; ${(report.elapsedMs / 1000).toFixed(0)} s`,
  ].join('\n');
}
