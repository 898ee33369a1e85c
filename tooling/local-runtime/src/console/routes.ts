import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeadLetterQueue } from '@sfe/cdk-constructs/stage';
import PostalMime from 'postal-mime';
import { EventBridgeApiError } from '../bus/errors';
import type { BusName } from '../bus/event-bus';
import type { EventBridgeEvent } from '../bus/eventbridge-event';
import { testEventPattern } from '../bus/test-event-pattern';
import { type Runtime, STREAM_DLQ } from '../runtime';
import { explainPattern } from './explain-pattern';
import { type EventSpan, metadataOf, type Span } from './journal';
import { redactEvent } from './personal-data';
import { assembleTrace } from './trace';

/** What the console's routes need from the server around them. */
export interface ConsoleServerParts {
  readonly readJson: (request: IncomingMessage) => Promise<unknown>;
}

const CLIENT_DIRECTORY = fileURLToPath(new URL('./client/', import.meta.url));
const require = createRequire(import.meta.url);
/**
 * Preact and htm as the browser's ES modules, served from node_modules (no bundler, no build step). Their
 * `exports` maps name the browser builds only under a "browser" condition Node does not resolve, so each is
 * found beside the entry Node resolves.
 */
const VENDOR: Readonly<Record<string, string>> = {
  'preact.js': join(dirname(require.resolve('preact')), 'preact.module.js'),
  'hooks.js': join(dirname(require.resolve('preact/hooks')), 'hooks.module.js'),
  'htm.js': join(dirname(require.resolve('htm')), 'htm.module.js'),
};
const IMPORT_MAP = JSON.stringify({
  imports: {
    preact: '/console/vendor/preact.js',
    'preact/hooks': '/console/vendor/hooks.js',
    htm: '/console/vendor/htm.js',
  },
});
// The page runs only its own scripts: the import map is allowed by its hash, nothing inline otherwise. Emails
// are shown in a sandboxed frame (no scripts there either).
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  `script-src 'self' 'sha256-${createHash('sha256').update(IMPORT_MAP).digest('base64')}'`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "frame-src 'self' about: data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>sfe local console</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/console/app/console.css">
<script type="importmap">${IMPORT_MAP}</script>
<script type="module" src="/console/app/main.js"></script>
</head>
<body>
<noscript>The console needs JavaScript; the same facts are in the terminal and at /status.</noscript>
<div id="app"></div>
</body>
</html>
`;

const RECENT_EVENTS = 500;
const CLIENT_FILE = /^[a-z][a-z0-9-]*\.(js|css)$/;
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const OUTBOX_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/;

class ConsoleError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The console at `/console`: a page (Preact + htm as ES modules) and the JSON and server-sent events it reads.
 * Same origin as the rest of the endpoint, so the server's Host, Origin and content-type checks apply to it as
 * they are; it changes nothing itself except through the endpoint's own operations (redrive, replay).
 * Answers false when the path is not the console's.
 */
export async function handleConsole(
  runtime: Runtime,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
  server: ConsoleServerParts,
): Promise<boolean> {
  const path = url.pathname;
  if (path !== '/console' && !path.startsWith('/console/')) return false;
  try {
    await route(runtime, request, response, url, server);
  } catch (error) {
    if (response.headersSent) {
      response.destroy();
    } else if (error instanceof ConsoleError) {
      sendJson(response, error.status, { error: error.message });
    } else if (error instanceof EventBridgeApiError) {
      sendJson(response, 400, { error: error.message, type: error.type });
    } else {
      throw error;
    }
  }
  return true;
}

async function route(
  runtime: Runtime,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
  server: ConsoleServerParts,
): Promise<void> {
  const path = url.pathname;
  const method = request.method ?? 'GET';
  if (method === 'GET' && (path === '/console' || path === '/console/')) {
    response.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'cache-control': 'no-store',
    });
    return void response.end(PAGE);
  }
  const client = /^\/console\/app\/([^/]+)$/.exec(path)?.[1];
  if (method === 'GET' && client) {
    if (!CLIENT_FILE.test(client)) throw new ConsoleError(404, `no console file ${client}`);
    return sendFile(response, join(CLIENT_DIRECTORY, client));
  }
  const vendor = /^\/console\/vendor\/([^/]+)$/.exec(path)?.[1];
  if (method === 'GET' && vendor) {
    const file = Object.hasOwn(VENDOR, vendor) ? VENDOR[vendor] : undefined;
    if (!file) throw new ConsoleError(404, `no vendor module ${vendor}`);
    return sendFile(response, file);
  }
  if (method === 'GET' && path === '/console/api/stream') return stream(runtime, request, response);
  if (method === 'GET' && path === '/console/api/events') {
    return sendJson(response, 200, await recentEvents(runtime));
  }
  const eventId = /^\/console\/api\/events\/([^/]+)$/.exec(path)?.[1];
  if (method === 'GET' && eventId) {
    const id = decodeURIComponent(eventId);
    return sendJson(response, 200, await eventPage(runtime, id, url.searchParams.get('reveal') === '1'));
  }
  const correlation = /^\/console\/api\/traces\/([^/]+)$/.exec(path)?.[1];
  if (method === 'GET' && correlation) {
    const correlationId = decodeURIComponent(correlation);
    const trace = assembleTrace(runtime.journal.all(), correlationId);
    if (!trace) throw new ConsoleError(404, `nothing recorded for correlation ${correlationId}`);
    return sendJson(response, 200, trace);
  }
  if (method === 'GET' && path === '/console/api/queues')
    return sendJson(response, 200, await queues(runtime));
  if (method === 'GET' && path === '/console/api/services') return sendJson(response, 200, services(runtime));
  if (method === 'POST' && path === '/console/api/test-pattern') {
    const body = await server.readJson(request);
    const { pattern, event } = (typeof body === 'object' && body !== null ? body : {}) as Record<
      string,
      unknown
    >;
    const matched = testEventPattern(pattern, event);
    return sendJson(response, 200, { ...explainPattern(pattern, event), matched });
  }
  const outbox = /^\/console\/api\/outbox\/([^/]+)\/([^/]+)$/.exec(path);
  if (method === 'GET' && outbox?.[1] && outbox[2]) {
    return sendJson(
      response,
      200,
      await outboxFile(runtime, decodeURIComponent(outbox[1]), decodeURIComponent(outbox[2])),
    );
  }
  const object = /^\/console\/objects\/([^/]+)\/(.+)$/.exec(path);
  if (method === 'GET' && object?.[1] && object[2]) {
    const bucket = decodeURIComponent(object[1]);
    const key = object[2].split('/').map(decodeURIComponent).join('/');
    if (!BUCKET_NAME.test(bucket)) throw new ConsoleError(400, `"${bucket}" is not a bucket name`);
    const exists = await stat(join(runtime.dataDirectory, 'buckets', bucket)).then(
      (found) => found.isDirectory(),
      () => false,
    );
    if (!exists) throw new ConsoleError(404, `no bucket ${bucket}`);
    // A short-lived signed link, as a consumer would hand out; the blob route checks it (and the key's path).
    const link = await runtime.buckets.bucket(bucket).signedUrl(key, 300);
    response.writeHead(302, { location: new URL(link).pathname + new URL(link).search });
    return void response.end();
  }
  throw new ConsoleError(404, `no console route for ${method} ${path}`);
}

/** Server-sent events: each routed event as `event`, any other recorded change as a `change` nudge. */
function stream(runtime: Runtime, request: IncomingMessage, response: ServerResponse): void {
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
  });
  response.write('retry: 1000\n\n');
  const send = (span: Span) => {
    if (span.kind === 'event') response.write(`event: event\ndata: ${JSON.stringify(summarize(span))}\n\n`);
    else response.write(`event: change\ndata: ${JSON.stringify({ kind: span.kind })}\n\n`);
  };
  const unsubscribe = runtime.journal.subscribe(send);
  // A comment every 15 s keeps proxies and the browser from timing the connection out.
  const keepAlive = setInterval(() => response.write(': keep-alive\n\n'), 15_000);
  keepAlive.unref();
  request.on('close', () => {
    clearInterval(keepAlive);
    unsubscribe();
  });
}

/**
 * The latest events, oldest first: the journal's, and, when it holds fewer (the runtime restarted since), the
 * archive's before them, with the rules that match them now (their deliveries were not recorded).
 */
async function recentEvents(runtime: Runtime) {
  const recorded = runtime.journal
    .all()
    .filter((span): span is EventSpan => span.kind === 'event')
    .slice(-RECENT_EVENTS)
    .map(summarize);
  if (recorded.length >= RECENT_EVENTS) return recorded;
  const known = new Set(recorded.map((event) => event.id));
  const archived = await runtime.store.db.query<{ bus: BusName; event: EventBridgeEvent; archived_at: Date }>(
    'select bus, event, archived_at from archive order by seq desc limit $1',
    [RECENT_EVENTS],
  );
  const older = archived.rows
    .filter((row) => !known.has(row.event.id))
    .slice(0, RECENT_EVENTS - recorded.length)
    .reverse()
    .map((row) => {
      const rules = runtime.bus.match(row.bus, row.event);
      return {
        id: row.event.id,
        type: row.event['detail-type'],
        version: metadataOf(row.event).version ?? null,
        source: row.event.source,
        time: row.event.time,
        correlationId: metadataOf(row.event).correlationId ?? null,
        bus: row.bus,
        at: new Date(row.archived_at).getTime(),
        replayName: null,
        rules: rules.map((rule) => rule.name),
        queues: rules.map((rule) => rule.queue),
      };
    });
  return [...older, ...recorded];
}

/** What the stream shows of an event: no payload, so no personal data. */
export function summarize(span: EventSpan) {
  const last = span.routings.at(-1);
  return {
    id: span.id,
    type: span.type,
    version: span.version ?? null,
    source: span.source,
    time: span.event.time,
    correlationId: span.correlationId ?? null,
    bus: span.bus,
    at: last?.at ?? span.at,
    replayName: last?.replayName ?? null,
    rules: (last?.rules ?? []).map((rule) => rule.name),
    queues: (last?.rules ?? []).map((rule) => rule.queue),
  };
}

async function eventPage(runtime: Runtime, id: string, reveal: boolean) {
  const recorded = runtime.journal.event(id);
  let bus: BusName;
  let event: EventBridgeEvent;
  if (recorded) {
    bus = recorded.bus;
    event = recorded.event;
  } else {
    const archived = await runtime.store.db.query<{ bus: BusName; event: EventBridgeEvent }>(
      'select bus, event from archive where event_id = $1 order by seq desc limit 1',
      [id],
    );
    const row = archived.rows[0];
    if (!row) throw new ConsoleError(404, `no event ${id} in the console's journal or the archive`);
    bus = row.bus;
    event = row.event;
  }
  const redaction = redactEvent(event);
  const spans = runtime.journal.all();
  const deliveries = spans.flatMap((span) => {
    if (span.kind !== 'invocation') return [];
    return span.messages
      .filter((message) => message.eventId === id)
      .map((message) => ({
        invocation: span.id,
        queue: span.queue,
        service: span.service,
        at: span.at,
        duration: span.end === undefined ? null : span.end - span.at,
        receiveCount: message.receiveCount,
        error: message.error ?? null,
        effects: span.effects.filter((effect) => effect.eventIds.includes(id)),
      }));
  });
  const deadLetters = spans.filter((span) => span.kind === 'dead-letter' && span.eventId === id);
  const rules = runtime.bus.rules
    .filter((rule) => rule.bus === bus)
    .map((rule) => {
      const consumer = runtime.consumerQueues.find((queue) => queue.queue === rule.queue);
      return {
        name: rule.name,
        queue: rule.queue,
        service: consumer?.service ?? null,
        pattern: rule.pattern,
        ...explainPattern(rule.pattern, event),
      };
    });
  return {
    id,
    bus,
    type: event['detail-type'],
    correlationId: metadataOf(event).correlationId ?? null,
    recorded: recorded !== undefined,
    routings: recorded?.routings ?? [],
    envelope: reveal ? event : redaction.event,
    personalFields: redaction.redacted,
    revealed: reveal,
    rules,
    deliveries,
    deadLetters,
  };
}

async function queues(runtime: Runtime) {
  const status = await runtime.status();
  const letters = await runtime.listDeadLetters();
  const lettersOf = new Map(letters.map((listing) => [listing.queue, listing.messages]));
  // Every queue the runtime runs, empty ones too (the store only counts queues that hold messages).
  const depths = new Map(status.queues.map((queue) => [queue.queue, queue]));
  const names = new Set([
    ...runtime.consumerQueues.flatMap((consumer) => [consumer.queue, consumer.deadLetterQueue]),
    STREAM_DLQ,
    ...depths.keys(),
  ]);
  return {
    stream: status.stream,
    archivedEvents: status.archivedEvents,
    queues: [...names]
      .map((name) => depths.get(name) ?? { queue: name, visible: 0, inFlight: 0 })
      .map((queue) => ({
        ...queue,
        deadLetterQueue: isDeadLetterQueue(queue.queue),
        messages: (lettersOf.get(queue.queue) ?? []).map((message) => ({
          id: message.id,
          receiveCount: message.receiveCount,
          sentAt: message.sentAt,
          sourceQueue: message.sourceQueue ?? null,
          error: message.lastError ?? null,
          ...eventOfBody(message.body),
        })),
      })),
  };
}

/** A dead letter's event, when its body is one (the stream's DLQ holds batch descriptions instead). */
function eventOfBody(body: string): { eventId: string | null; eventType: string | null } {
  try {
    const parsed = JSON.parse(body) as { id?: unknown; 'detail-type'?: unknown };
    return {
      eventId: typeof parsed.id === 'string' ? parsed.id : null,
      eventType: typeof parsed['detail-type'] === 'string' ? parsed['detail-type'] : null,
    };
  } catch {
    return { eventId: null, eventType: null };
  }
}

function services(runtime: Runtime) {
  const byService = new Map<string, ReturnType<typeof subscriptionOf>[]>();
  const subscriptionOf = (queue: Runtime['consumerQueues'][number]) => ({
    id: queue.subscription.id,
    description: queue.subscription.description,
    bus: queue.subscription.bus,
    pattern: queue.subscription.pattern,
    queue: queue.queue,
    deadLetterQueue: queue.deadLetterQueue,
    delivery: {
      batchSize: queue.settings.batchSize,
      functionTimeoutMs: queue.settings.functionTimeoutMs,
      visibilityTimeoutMs: queue.settings.visibilityTimeoutMs,
      maxReceiveCount: queue.settings.maxReceiveCount,
      maxConcurrency: queue.subscription.delivery.maxConcurrency ?? null,
    },
  });
  for (const queue of runtime.consumerQueues) {
    byService.set(queue.service, [...(byService.get(queue.service) ?? []), subscriptionOf(queue)]);
  }
  return {
    stream: { function: 'stream-processor', ...runtime.streamSettings },
    services: [...byService].map(([name, subscriptions]) => ({ name, subscriptions })),
    apis: runtime.apis,
    pending: runtime.pending,
  };
}

/** An outbox file as the page shows it: an email parsed (headers, text, HTML), a chat message's payload. */
async function outboxFile(runtime: Runtime, box: string, name: string) {
  if (!OUTBOX_NAME.test(box) || !OUTBOX_NAME.test(name) || name.endsWith('.tmp')) {
    throw new ConsoleError(400, `"${box}/${name}" is not an outbox file name`);
  }
  const path = join(runtime.dataDirectory, 'outbox', box, name);
  const raw = await readFile(path).catch(() => {
    throw new ConsoleError(404, `no outbox file ${box}/${name}`);
  });
  if (name.endsWith('.eml')) {
    const email = await PostalMime.parse(raw);
    return {
      kind: 'email',
      box,
      name,
      subject: email.subject ?? '',
      from: email.from?.address ?? '',
      to: (email.to ?? []).map((to) => to.address ?? '').join(', '),
      date: email.date ?? '',
      text: email.text ?? '',
      html: email.html ?? '',
    };
  }
  if (name.endsWith('.json')) {
    return { kind: 'message', box, name, payload: JSON.parse(raw.toString('utf8')) as unknown };
  }
  return { kind: 'file', box, name, text: raw.toString('utf8') };
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
};

async function sendFile(response: ServerResponse, path: string): Promise<void> {
  const body = await readFile(path).catch(() => {
    throw new ConsoleError(404, 'no such console file');
  });
  const extension = path.slice(path.lastIndexOf('.') + 1);
  response.writeHead(200, {
    'content-type': CONTENT_TYPES[extension] ?? 'application/octet-stream',
    'content-length': body.byteLength,
    'cache-control': 'no-cache',
  });
  response.end(body);
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  response.end(text);
}
