import type { IncomingMessage } from 'node:http';
import { resolve } from 'node:path';
import { formatMinorUnits } from '@sfe/events/money';
import type { Item } from '@sfe/records';
import type { AwsServiceEventInput } from '@sfe/service-definition';
import type { ReplayProgress } from '../bus/event-bus';
import type { EventBridgeEvent } from '../bus/eventbridge-event';
import type { MomentResult } from '../moments/business-moments';
import { MOMENT_NAMES, type MomentName } from '../moments/moment-names';
import type { DeadLetterQueueListing } from '../queues/queue-store';
// Types only: the runtime (every service, the stream processor, the console) is imported when it is needed, so a
// read command loads the store and nothing else (`@sfe/local-runtime/access`).
import type { Runtime } from '../runtime';
// The read projection's code (node:fs/promises) is imported on the stopped path only: asking a running runtime
// loads none of it.
import type { queryReadProjection, ReadProjection } from '../store/read-projection';
import { findStoreHolder } from '../store/store-lock';

/**
 * What the CLI does with the local platform, wherever it is: through the running runtime's HTTP API (it holds
 * the store; PGlite admits one process), or on the store's files directly while the runtime is stopped.
 */
export interface RuntimeAccess {
  readonly mode: 'http' | 'direct';
  /** For a person: what is being talked to. */
  readonly description: string;
  readonly dataDirectory: string;
  listDeadLetters(): Promise<DeadLetterQueueListing[]>;
  redrive(queue: string): Promise<{ queue: string; redriven: number }>;
  /** Replays archived events; `onProgress` hears after each page (a long replay is sent in pages). */
  replay(
    range: { from: Date; to: Date },
    onProgress?: (progress: ReplayProgress) => void,
  ): Promise<{ replayName: string; events: number }>;
  moment(name: MomentName, input: unknown): Promise<MomentResult>;
  /** Waits until the choreography has settled (direct mode: nothing runs, so nothing to wait for). */
  idle(timeoutMs: number): Promise<void>;
  archivedEvents(since: Date): Promise<EventBridgeEvent[]>;
  /** Items of one partition of a local table (e.g. `reporting`), as `TableStore.query` returns them. */
  query(table: string, pk: string, skPrefix?: string): Promise<Item[]>;
  /**
   * Puts an AWS service's event (e.g. SES's bounce) on the local default bus, as the service would: archived
   * and enqueued for the rules it matches, whose names come back.
   */
  putAwsEvent(event: AwsServiceEventInput): Promise<PutAwsEventResult>;
  /**
   * Amounts as `formatMinorUnits` (`@sfe/events/money`) formats them, in order: by the running runtime, whose Intl
   * number formatting is set up already (a new process's first `Intl.NumberFormat` is about 22 ms of CPU,
   * BENCHMARKS.md session 9), else in this process.
   */
  formatMinorUnits(amounts: readonly MinorUnitsAmount[]): Promise<string[]>;
  close(): Promise<void>;
}

/** An amount in a currency's minor units (4999 GBP is £49.99). */
export interface MinorUnitsAmount {
  readonly amount: number;
  readonly currency: string;
}

/** At most this many amounts in one `POST /formatted-money`. */
export const MAX_FORMATTED_AMOUNTS = 1000;

/** `formatMinorUnits` in this process. */
export const formatMinorUnitsHere = async (amounts: readonly MinorUnitsAmount[]): Promise<string[]> =>
  amounts.map(({ amount, currency }) => formatMinorUnits(amount, currency));

/** An AWS service event on the local default bus: its id, and the rules (queues) it was routed to. */
export interface PutAwsEventResult {
  readonly eventId: string;
  readonly rules: string[];
}

/** Puts an AWS service event on a runtime's default bus (every access mode ends here). */
export async function putAwsEventOn(
  runtime: Runtime,
  event: AwsServiceEventInput,
): Promise<PutAwsEventResult> {
  const put = await runtime.bus.putServiceEvent('default', event);
  return { eventId: put.id, rules: runtime.bus.match('default', put).map((rule) => rule.name) };
}

/**
 * Reaches the runtime that holds `dataDirectory` over HTTP if one runs, else the stopped store: its reads from the
 * read projection beside it when that is current (`store/read-projection.ts`), else from the store itself. The
 * store's code (PGlite, its WebAssembly) is imported only when the store must be opened: asking a running runtime,
 * or reading a current projection, loads none of it.
 */
export async function openRuntimeAccess(options: { dataDirectory: string }): Promise<RuntimeAccess> {
  const holder = await findStoreHolder(options.dataDirectory);
  if (holder?.url) return httpRuntimeAccess(holder.url, options.dataDirectory);
  const projections = await import('../store/read-projection');
  // A live holder without a URL (another command has the store open) may be writing: no projection then, and
  // opening the store names it (StoreLockedError).
  const projection = holder ? undefined : await projections.readCurrentReadProjection(options.dataDirectory);
  const openStore = async () => {
    // No live holder: open the store here (a StoreLockedError names any other process that holds it).
    const prepare = prepareOpening;
    prepareOpening = undefined;
    await prepare?.();
    const [{ openLocalStore }, { storeRuntimeAccess }] = await Promise.all([
      import('../store/local-store'),
      import('./store-access'),
    ]);
    return storeRuntimeAccess(await openLocalStore({ dataDirectory: options.dataDirectory, brief: true }));
  };
  return projection
    ? projectedRuntimeAccess(projection, options.dataDirectory, openStore, projections.queryReadProjection)
    : openStore();
}

let prepareOpening: (() => Promise<void>) | undefined;

/**
 * What this process does once, right before it first opens a stopped store itself through `openRuntimeAccess`
 * (PGlite's WebAssembly compiled, PostgreSQL booted), and never when it asks a running runtime or reads the read
 * projection: the CLI's one-command processes set V8's flags for a short run there, so that the reads that never
 * open the store do not load node:v8 (about 8 ms of their start, BENCHMARKS.md session 9).
 */
export function prepareStoreOpening(prepare: () => Promise<void>): void {
  prepareOpening = prepare;
}

/**
 * A stopped store's reads answered from its read projection; anything else (a redrive, a replay, a moment, a
 * partition the projection does not hold) opens the store on first use, and closing the store writes a new
 * projection. Says what the store access says, so a command prints the same either way.
 */
function projectedRuntimeAccess(
  projection: ReadProjection,
  dataDirectory: string,
  openStore: () => Promise<RuntimeAccess>,
  query: typeof queryReadProjection,
): RuntimeAccess {
  let opened: Promise<RuntimeAccess> | undefined;
  const store = () => {
    opened ??= openStore();
    return opened;
  };
  return {
    mode: 'direct',
    description: storeDescription(resolve(dataDirectory)),
    dataDirectory: resolve(dataDirectory),
    listDeadLetters: async () => [...projection.deadLetters],
    redrive: async (queue) => (await store()).redrive(queue),
    replay: async (range, onProgress) => (await store()).replay(range, onProgress),
    moment: async (name, input) => (await store()).moment(name, input),
    idle: async () => {},
    archivedEvents: async (since) => (await store()).archivedEvents(since),
    query: async (table, pk, skPrefix) =>
      query(projection, table, pk, skPrefix) ?? (await store()).query(table, pk, skPrefix),
    putAwsEvent: async (event) => (await store()).putAwsEvent(event),
    formatMinorUnits: formatMinorUnitsHere,
    close: async () => {
      if (opened) await (await opened).close();
    },
  };
}

/** How a stopped store is described to a person (the store's access and its projection say the same). */
export const storeDescription = (dataDirectory: string) =>
  `the store in ${dataDirectory} (the runtime is not running: what is enqueued is delivered when it starts)`;

/**
 * One request to a runtime's HTTP API. With `node:http`, not `fetch`: a read command's whole answer is one request
 * on the loopback, and `fetch` would first load undici (tens of ms of a command's start, BENCHMARKS.md session 7).
 * Imported here, not at the top: a read answered from the stopped store's projection loads no HTTP client.
 * Rejects with a message saying the runtime does not answer when the connection fails.
 */
async function send(
  url: string,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  accept = 'application/json',
): Promise<IncomingMessage> {
  const { request } = await import('node:http');
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const sent = request(
      `${url}${path}`,
      {
        method,
        headers: {
          accept,
          ...(payload === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
        },
      },
      resolve,
    );
    sent.on('error', (error) =>
      reject(new Error(`the runtime at ${url} does not answer (${error.message}); is it still running?`)),
    );
    sent.end(payload);
  });
}

/** A response's body as text (node:stream/consumers, loaded with the HTTP client). */
const text = async (response: IncomingMessage): Promise<string> =>
  (await import('node:stream/consumers')).text(response);

const isOk = (response: IncomingMessage) =>
  response.statusCode !== undefined && response.statusCode >= 200 && response.statusCode < 300;

interface TableQuery {
  readonly table: string;
  readonly pk: string;
  readonly skPrefix: string;
}

/**
 * Table queries asked in the same tick go to the runtime in one request (`POST /queries`): `pnpm sfe report` asks
 * for four partitions at once, and four requests (four connections, which the runtime answers one after another)
 * took 76 ms where one took 46 (21 and 15 ms of CPU; load 14, BENCHMARKS.md, session 8). A lone query is the plain
 * `GET /tables/<name>`; a runtime started before `POST /queries` existed answers it 404, and the queries are then
 * asked one by one.
 */
function batchTableQueries(
  queryOne: (query: TableQuery) => Promise<Item[]>,
  queryMany: (queries: TableQuery[]) => Promise<Item[][] | undefined>,
): (query: TableQuery) => Promise<Item[]> {
  let batch: { query: TableQuery; resolve: (items: Item[]) => void; reject: (error: unknown) => void }[] = [];
  const flush = async () => {
    const asked = batch;
    batch = [];
    try {
      const queries = asked.map(({ query }) => query);
      const answers =
        (queries.length > 1 ? await queryMany(queries) : undefined) ??
        (await Promise.all(queries.map(queryOne)));
      for (const [i, { resolve }] of asked.entries()) resolve(answers[i] ?? []);
    } catch (error) {
      for (const { reject } of asked) reject(error);
    }
  };
  return (query) =>
    new Promise((resolve, reject) => {
      if (batch.length === 0) queueMicrotask(() => void flush());
      batch.push({ query, resolve, reject });
    });
}

/** Access through a running runtime's HTTP API. */
export function httpRuntimeAccess(url: string, dataDirectory: string): RuntimeAccess {
  const call = async <T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> => {
    const response = await send(url, method, path, body);
    const payload = JSON.parse(await text(response)) as T & { error?: string };
    if (!isOk(response))
      throw new Error(`${method} ${path}: ${response.statusCode} ${payload.error ?? ''}`.trim());
    return payload;
  };
  const query = batchTableQueries(
    ({ table, pk, skPrefix }) =>
      call(
        'GET',
        `/tables/${encodeURIComponent(table)}?pk=${encodeURIComponent(pk)}&skPrefix=${encodeURIComponent(skPrefix)}`,
      ),
    async (queries) => {
      const response = await send(url, 'POST', '/queries', queries);
      const answered = await text(response);
      if (response.statusCode === 404) return undefined;
      const payload = JSON.parse(answered) as Item[][] & { error?: string };
      if (!isOk(response))
        throw new Error(`POST /queries: ${response.statusCode} ${payload.error ?? ''}`.trim());
      if (!Array.isArray(payload) || payload.length !== queries.length) {
        throw new Error(
          `POST /queries: ${queries.length} queries asked, the runtime answered ${answered.slice(0, 80)}`,
        );
      }
      return payload;
    },
  );
  return {
    mode: 'http',
    description: `the running runtime at ${url}`,
    dataDirectory,
    listDeadLetters: () => call('GET', '/dlq'),
    redrive: (queue) => call('POST', `/dlq/${encodeURIComponent(queue)}/redrive`),
    replay: async (range, onProgress) => {
      const path = '/replay';
      const response = await send(
        url,
        'POST',
        path,
        { from: range.from.toISOString(), to: range.to.toISOString() },
        'application/x-ndjson',
      );
      if (!isOk(response)) {
        let error = '';
        try {
          error = (JSON.parse(await text(response)) as { error?: string }).error ?? '';
        } catch {}
        throw new Error(`POST ${path}: ${response.statusCode} ${error}`.trim());
      }
      // One JSON line per page, then {"result": ...}.
      let buffered = '';
      let result: { replayName: string; events: number } | undefined;
      response.setEncoding('utf8');
      for await (const chunk of response as AsyncIterable<string>) {
        buffered += chunk;
        let newline = buffered.indexOf('\n');
        while (newline >= 0) {
          const line = JSON.parse(buffered.slice(0, newline)) as {
            progress?: ReplayProgress;
            result?: { replayName: string; events: number };
          };
          if (line.progress) onProgress?.(line.progress);
          if (line.result) result = line.result;
          buffered = buffered.slice(newline + 1);
          newline = buffered.indexOf('\n');
        }
      }
      if (!result) throw new Error(`POST ${path}: the runtime stopped answering before the replay finished`);
      return result;
    },
    moment: (name, input) => call('POST', `/moments/${name}`, input),
    idle: async (timeoutMs) => {
      await call('GET', `/idle?timeoutMs=${timeoutMs}`);
    },
    archivedEvents: (since) => call('GET', `/events?since=${encodeURIComponent(since.toISOString())}`),
    query: (table, pk, skPrefix = '') => query({ table, pk, skPrefix }),
    putAwsEvent: (event) => call('POST', '/aws-events', event),
    formatMinorUnits: async (amounts) => {
      if (amounts.length === 0 || amounts.length > MAX_FORMATTED_AMOUNTS)
        return formatMinorUnitsHere(amounts);
      const response = await send(url, 'POST', '/formatted-money', amounts);
      const answered = await text(response);
      // A runtime started before the route answers 404: formatted here.
      if (response.statusCode === 404) return formatMinorUnitsHere(amounts);
      const payload = JSON.parse(answered) as string[] & { error?: string };
      if (!isOk(response))
        throw new Error(`POST /formatted-money: ${response.statusCode} ${payload.error ?? ''}`.trim());
      if (
        !Array.isArray(payload) ||
        payload.length !== amounts.length ||
        !payload.every((text) => typeof text === 'string')
      ) {
        throw new Error(
          `POST /formatted-money: ${amounts.length} amounts asked, the runtime answered ${answered.slice(0, 80)}`,
        );
      }
      return payload;
    },
    close: async () => {},
  };
}

/** Access to a runtime built in this process on the store's files (pollers started only if `started`). */
export function directRuntimeAccess(
  runtime: Runtime,
  options: { started?: boolean; description?: string } = {},
): RuntimeAccess {
  return {
    mode: 'direct',
    description: options.description ?? storeDescription(runtime.dataDirectory),
    dataDirectory: runtime.dataDirectory,
    listDeadLetters: () => runtime.listDeadLetters(),
    redrive: (queue) => runtime.redrive(queue),
    replay: (range, onProgress) => runtime.replay(range, onProgress),
    moment: (name, input) => runtime.moments[MOMENT_NAMES[name]](input),
    idle: async (timeoutMs) => {
      if (options.started) await runtime.idle(timeoutMs);
    },
    archivedEvents: (since) => runtime.archivedEvents(since),
    query: (table, pk, skPrefix) => runtime.store.table(table).query(pk, skPrefix),
    putAwsEvent: (event) => putAwsEventOn(runtime, event),
    formatMinorUnits: formatMinorUnitsHere,
    close: () => runtime.stop(),
  };
}
