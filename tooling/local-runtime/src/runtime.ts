import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  DEFAULT_STAGE,
  deadLetterQueueOf,
  isDeadLetterQueue,
  platformBusName,
} from '@sfe/cdk-constructs/stage';
import type {
  LocalContext,
  LocalHttpRequest,
  LocalHttpResponse,
  ServiceDefinition,
} from '@sfe/service-definition';
import { createLocalStreamHandler, type Log, toDeadLetterMessage } from '@sfe/stream-processor/local';
import { service as streamProcessor } from '@sfe/stream-processor/service';
import type { ServedApi } from './apps/banner';
import { createLocalBuckets, type LocalBuckets } from './apps/local-buckets';
import {
  type ConsumerQueue,
  type PendingService,
  planServices,
  type QueueOverrides,
  startService,
} from './apps/services';
import { arns } from './aws-identity';
import { type BusRule, LocalEventBus, type ReplayProgress } from './bus/event-bus';
import { createBusPublisher } from './bus/event-publisher';
import type { EventBridgeEvent } from './bus/eventbridge-event';
import { ConsoleJournal } from './console/journal';
import { FunctionLogs } from './lambda/function-logs';
import { type BusinessMoments, createBusinessMoments } from './moments/business-moments';
import { type RuntimeObserver, silentObserver, teeObservers } from './output/terminal';
import { createPoller, type Poller, sleep, WakeSignal } from './poller';
import { deadLetterAlarmEvent } from './queues/dead-letter-alarm';
import { QueueEventSource } from './queues/queue-event-source';
import {
  type DeadLetterQueueListing,
  listDeadLetters,
  type QueueMessage,
  QueueStore,
} from './queues/queue-store';
import { DEFAULT_ARCHIVE_RETENTION_DAYS } from './retention';
import { readArchivedEvents } from './store/archive';
import { type LocalStore, openLocalStore, PLATFORM_TABLE } from './store/local-store';
import { removeOrphanedTemporaryFiles } from './store/orphaned-files';
import { readCheckpoint, streamLabel, trimChangeLog } from './stream/change-log';
import {
  StreamEventSource,
  type StreamFailureRecord,
  type StreamMappingSettings,
  streamSettingsOf,
} from './stream/stream-event-source';
import { fromSequenceNumber } from './stream/stream-records';

/** The stream processor's function name; its checkpoint and its DLQ are named after it. */
export const STREAM_FUNCTION = 'stream-processor';
export const STREAM_DLQ = 'stream-processor-dlq';
/** Buckets with EventBridge notifications on (S3 "Object Created" to the default bus). */
export const NOTIFYING_BUCKETS = ['video-uploads'] as const;
/** DynamoDB's item limit bounds a dead letter's record; SQS's message limit (256 KB) bounds its message. */
const DEAD_LETTER_MAX_BYTES = 262_144;

export interface RuntimeOptions {
  /** State directory (`.sfe`): the database, buckets, outboxes and function logs. */
  readonly dataDirectory: string;
  /** A throwaway database (tests); files still go under `dataDirectory`. */
  readonly inMemory?: boolean;
  /** How long a poller sleeps when there is nothing to do (commits and enqueues wake it at once). */
  readonly pollIntervalMs?: number;
  /** Over the stream processor's defined mapping (unset fields keep the definition's). */
  readonly stream?: { readonly [K in keyof StreamMappingSettings]?: StreamMappingSettings[K] | undefined };
  /** Over every queue's own delivery settings (unset fields keep each definition's). */
  readonly queue?: QueueOverrides;
  /** Settings handed to every service (`LocalContext.settings`), over the runtime's defaults. */
  readonly settings?: Readonly<Record<string, string>>;
  readonly observer?: RuntimeObserver;
  /** The services to run (default: every workspace app exporting a definition, see `discoverServices`). */
  readonly services?: readonly ServiceDefinition[];
  /** Capture the functions' JSON logs into `<dataDirectory>/logs/functions.log` (default true). */
  readonly captureFunctionLogs?: boolean;
  readonly now?: () => Date;
  /** The runtime's URL once its HTTP server listens (signed links and defaults point at it). */
  readonly baseUrl?: string;
  /** How long archived events are kept for replay (default: the dev stage's archive, 14 days). */
  readonly archiveRetentionDays?: number;
  /** How often the archive and the change log are trimmed (default every minute; also at start). */
  readonly housekeepingIntervalMs?: number;
  /** The deployed stage it stands in for: its bus `sfe-<stage>-bus` (name or ARN) is the platform bus. */
  readonly stage?: string;
  /** A store already open on `dataDirectory` (a CLI command that read it first); the runtime closes it on stop. */
  readonly store?: LocalStore;
}

/**
 * The whole choreography on one machine: the store and its stream into the stream processor, the buses and
 * their rules, one queue (with DLQ) per consumer subscription, and each service's real handlers on local
 * stand-ins. Create with {@link createRuntime}, then `start()` the pollers.
 */
export interface Runtime {
  readonly store: LocalStore;
  readonly bus: LocalEventBus;
  readonly queues: QueueStore;
  readonly buckets: LocalBuckets;
  readonly moments: BusinessMoments;
  /** What the console shows: commits, stream and function invocations, events, dead letters, side effects. */
  readonly journal: ConsoleJournal;
  readonly consumerQueues: readonly ConsumerQueue[];
  /** The stream processor's event source mapping, as it runs. */
  readonly streamSettings: StreamMappingSettings;
  /** Consumers it does not run, and why. */
  readonly pending: readonly PendingService[];
  /** The services' APIs it serves on its port (`api` in their definitions). */
  readonly apis: readonly ServedApi[];
  readonly dataDirectory: string;
  setBaseUrl(url: string): void;
  /** The answer of the service whose API serves this path (e.g. platform-api's `/users/...`), if any. */
  serveHttp(request: LocalHttpRequest): Promise<LocalHttpResponse | undefined>;
  start(): void;
  /** Stops the pollers after their current batch, then closes the store. */
  stop(): Promise<void>;
  /** Resolves once every change is streamed, every queue is empty and every stand-in has finished. */
  idle(timeoutMs?: number): Promise<void>;
  status(): Promise<RuntimeStatus>;
  listDeadLetters(): Promise<DeadLetterQueueListing[]>;
  redrive(queue: string): Promise<{ queue: string; redriven: number }>;
  replay(
    range: { from: Date; to: Date },
    onProgress?: (progress: ReplayProgress) => void,
  ): Promise<{ replayName: string; events: number }>;
  /** Trims the archive past its retention and the change log past every reader; returns what went. */
  housekeep(): Promise<{ archivedEvents: number; changes: number }>;
  /** Archived events whose time is at or after `since`, oldest first. */
  archivedEvents(since: Date): Promise<EventBridgeEvent[]>;
  outboxDirectory(name: string): string;
}

export type { DeadLetterQueueListing } from './queues/queue-store';

export interface RuntimeStatus {
  readonly dataDirectory: string;
  readonly stream: { readonly checkpoint: string; readonly lastChange: string; readonly behind: number };
  readonly queues: readonly { readonly queue: string; readonly visible: number; readonly inFlight: number }[];
  readonly deadLetters: number;
  readonly archivedEvents: number;
  readonly services: readonly string[];
  readonly pending: readonly PendingService[];
}

export async function createRuntime(options: RuntimeOptions): Promise<Runtime> {
  const now = options.now ?? (() => new Date());
  const pollIntervalMs = options.pollIntervalMs ?? 250;
  const streamSettings: StreamMappingSettings = {
    ...streamSettingsOf(definedStreamMapping()),
    ...Object.fromEntries(Object.entries(options.stream ?? {}).filter(([, value]) => value !== undefined)),
  };
  const dataDirectory = options.dataDirectory;

  // Load every service before opening the store: a broken service fails the start, not a delivery later.
  const plan = await planServices(options.services, options.queue);
  const retentionMs = (options.archiveRetentionDays ?? DEFAULT_ARCHIVE_RETENTION_DAYS) * 86_400_000;
  const journal = new ConsoleJournal({
    outboxDirectory: join(resolve(dataDirectory), 'outbox'),
    serviceOf: (queue) => plan.queues.find((consumer) => consumer.queue === queue)?.service ?? queue,
    now: () => now().getTime(),
    retentionMs,
  });
  const observer = teeObservers(options.observer ?? silentObserver, journal.observer);

  const store =
    options.store ?? (await openLocalStore({ dataDirectory, inMemory: options.inMemory ?? false, now }));
  // Holding the store, nothing else writes here: a .tmp file is a write a killed process never finished.
  const orphans = await removeOrphanedTemporaryFiles(
    ['outbox', 'buckets'].map((name) => join(store.dataDirectory, name)),
  );
  if (orphans.length > 0) {
    observer.info(`removed ${orphans.length} unfinished write(s) (.tmp) left by a process that was killed`);
  }
  const logs = new FunctionLogs(
    options.captureFunctionLogs === false ? undefined : join(store.dataDirectory, 'logs', 'functions.log'),
  );
  if (options.captureFunctionLogs !== false) logs.install();
  try {
    let baseUrl = options.baseUrl ?? 'http://127.0.0.1:4010';
    const streamWake = new WakeSignal();
    const queues = new QueueStore(store.db, now);
    const consumerQueues = plan.queues;
    // One signal per queue: an enqueue wakes the pollers of the queues it wrote to, and no others.
    const queueWakes = new Map(consumerQueues.map((consumer) => [consumer.queue, new WakeSignal()]));
    const wakeQueues = (names: Iterable<string>) => {
      for (const name of names) queueWakes.get(name)?.notify();
    };
    const rules: BusRule[] = consumerQueues.map((consumer) => ({
      bus: consumer.subscription.bus,
      name: consumer.queue,
      pattern: consumer.subscription.pattern,
      queue: consumer.queue,
    }));
    const bus = new LocalEventBus({
      db: store.db,
      aliases: { [platformBusName(options.stage ?? DEFAULT_STAGE)]: 'platform' },
      queues,
      rules,
      now,
      observer: {
        routed: (name, event, matched) => observer.routed(name, event, matched),
        rejected: (_bus, code, message) => observer.rejected(code, message),
      },
      onEnqueued: wakeQueues,
    });
    // A message landing in a DLQ fires its alarm, as in a deployed stage: the alarm event goes to the default bus.
    const raiseDeadLetterAlarm = (
      message: Pick<QueueMessage, 'queue' | 'body' | 'sourceQueue' | 'receiveCount'>,
    ) => {
      const event = deadLetterAlarmEvent(message, { stage: options.stage ?? DEFAULT_STAGE, now: now() });
      if (event)
        bus.putServiceEvent('default', event).catch((error: unknown) => observer.error(String(error)));
    };
    const buckets = createLocalBuckets({
      rootDirectory: join(store.dataDirectory, 'buckets'),
      baseUrl: () => `${baseUrl}/blobs`,
      signingSecret: await signingSecret(store),
      now,
      notifyingBuckets: new Set(NOTIFYING_BUCKETS),
      putObjectCreated: async (event) => {
        await bus.putServiceEvent('default', event);
      },
    });
    const outboxDirectory = (name: string) => {
      const directory = join(store.dataDirectory, 'outbox', name);
      mkdirSync(directory, { recursive: true });
      return directory;
    };
    const context: LocalContext = {
      platformTable: store.platformTable,
      table: (name) => store.table(name),
      bucket: (name) => journal.watchBucket(buckets.bucket(name)),
      outboxDirectory,
      fetchClaimCheck: buckets.fetchClaimCheck,
      now,
      get settings() {
        return {
          APP_URL: baseUrl,
          CERTIFICATE_VERIFICATION_BASE_URL: `${baseUrl}/certificates/verify`,
          // certificate-service's download address: its route, which this runtime's server answers.
          CERTIFICATE_DOWNLOAD_BASE_URL: baseUrl,
          ...options.settings,
        };
      },
      report: (line) => observer.sideEffect(line),
      putAwsEvent: async (event) => {
        await bus.putServiceEvent('default', event);
      },
    };
    const started = plan.consumers.map(({ definition, load }) => ({
      service: definition.name,
      started: startService(definition, load, context),
    }));

    // The stream: the change log of the platform table into the stream processor's real handler.
    const streamHandler = createLocalStreamHandler({
      publisher: createBusPublisher(bus),
      deadLetters: {
        async send(letter) {
          const body = toDeadLetterMessage(letter, DEAD_LETTER_MAX_BYTES);
          const id = await queues.send(STREAM_DLQ, body);
          await queues.recordErrors(new Map([[id, letter.reason]]));
          const message = {
            id,
            queue: STREAM_DLQ,
            body,
            md5OfBody: '',
            sentAt: now().getTime(),
            receiveCount: 0,
            lastError: letter.reason,
          };
          observer.deadLettered(message);
          raiseDeadLetterAlarm(message);
        },
      },
      claimCheckStore: buckets.claimCheckStore('claim-checks'),
      busName: 'platform',
      logger: streamLog(logs),
    });
    const streamSource = new StreamEventSource({
      db: store.db,
      tableName: PLATFORM_TABLE,
      functionName: STREAM_FUNCTION,
      streamArn: arns.stream(PLATFORM_TABLE, await streamLabel(store.db, now)),
      handler: journal.traceStream((event) => streamHandler(event)),
      settings: streamSettings,
      onFailure: async (failure: StreamFailureRecord) => {
        const body = JSON.stringify(failure);
        await queues.send(STREAM_DLQ, body);
        raiseDeadLetterAlarm({ queue: STREAM_DLQ, body, sourceQueue: STREAM_FUNCTION, receiveCount: 0 });
      },
      errorOf: (record) => (record.eventID ? logs.takeReason(record.eventID) : undefined),
      observer: {
        invoked: (records, outcome) => observer.streamInvoked(records, outcome),
        failedToDestination: (failure) => observer.streamFailed(failure),
      },
      now,
      stopping: () => stopping,
    });

    const queueSources = consumerQueues.map((consumer) => {
      const app = started.find((entry) => entry.service === consumer.service);
      const handler = app?.started.handlers[consumer.subscription.id];
      if (!handler) {
        throw new Error(
          `${consumer.service} has no local handler for its subscription "${consumer.subscription.id}"`,
        );
      }
      return new QueueEventSource({
        queues,
        queue: consumer.queue,
        deadLetterQueue: consumer.deadLetterQueue,
        functionName: consumer.queue,
        handler: journal.traceInvocation(consumer.queue, handler),
        settings: consumer.settings,
        errorOf: (record) => logs.takeReason(record.messageId),
        observer: {
          delivered: (queue, records, failed) => observer.delivered(queue, records, failed),
          deadLettered: (message) => {
            observer.deadLettered(message);
            raiseDeadLetterAlarm(message);
          },
        },
      });
    });

    let busy = 0;
    const track = (poll: () => Promise<boolean>) => async () => {
      busy += 1;
      try {
        return await poll();
      } finally {
        busy -= 1;
      }
    };
    const onError = (error: unknown) =>
      observer.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    const pollers: Poller[] = [
      createPoller({
        // Again at once only if the batch was full: commits wake the poller for the rest.
        pollOnce: track(async () => (await streamSource.pollOnce()) && streamSource.moreMayBeWaiting),
        intervalMs: pollIntervalMs,
        wake: streamWake,
        onError,
      }),
      ...queueSources.map((source) =>
        createPoller({
          // Again at once only if the batch was full: enqueues wake the poller for the rest.
          pollOnce: track(async () => (await source.pollOnce()) && source.moreMayBeVisible),
          intervalMs: pollIntervalMs,
          wake: queueWakes.get(source.queue) ?? new WakeSignal(),
          onError,
        }),
      ),
    ];
    const housekeep = async () => {
      const archivedEvents = await bus.trimArchive(new Date(now().getTime() - retentionMs));
      // The stream processor is the change log's one reader; its DLQ's on-failure records point into the log.
      let keepFrom = await readCheckpoint(store.db, STREAM_FUNCTION);
      for (const message of await queues.list(STREAM_DLQ)) {
        const start = (JSON.parse(message.body) as Partial<StreamFailureRecord>).DDBStreamBatchInfo
          ?.startSequenceNumber;
        const seq = start === undefined ? undefined : fromSequenceNumber(start);
        if (seq !== undefined && seq < keepFrom) keepFrom = seq;
      }
      const changes = await trimChangeLog(store.db, PLATFORM_TABLE, keepFrom);
      return { archivedEvents, changes };
    };
    pollers.push(
      createPoller({
        pollOnce: async () => {
          await housekeep();
          return false;
        },
        intervalMs: options.housekeepingIntervalMs ?? 60_000,
        wake: new WakeSignal(),
        onError,
      }),
    );
    const unsubscribe = store.onCommit((changes) => {
      for (const change of changes) observer.committed(change);
      // The stream takes committed changes from here instead of reading them back from the log.
      streamSource.follow(changes);
      streamWake.notify();
    });
    let stopping = false;
    const sampleVideo = () =>
      readFile(new URL('../fixtures/sample-lecture.mp4', import.meta.url)).then((b) => new Uint8Array(b));

    const runtime: Runtime = {
      store,
      bus,
      queues,
      buckets,
      journal,
      consumerQueues,
      streamSettings,
      pending: plan.pending,
      apis: plan.consumers.flatMap(({ definition }) =>
        definition.api ? [{ service: definition.name, routes: definition.api.routes }] : [],
      ),
      dataDirectory: store.dataDirectory,
      moments: createBusinessMoments({
        table: store.platformTable,
        uploads: buckets.bucket(NOTIFYING_BUCKETS[0]),
        sampleVideo,
        now,
      }),
      setBaseUrl(url) {
        baseUrl = url;
      },
      async serveHttp(request) {
        for (const { started: app } of started) {
          const answer = await app.http?.(request);
          if (answer) return answer;
        }
        return undefined;
      },
      start() {
        for (const poller of pollers) poller.start();
      },
      async stop() {
        stopping = true;
        await Promise.all(pollers.map((poller) => poller.stop()));
        await Promise.all(started.map(({ started: app }) => app.settled?.()));
        unsubscribe();
        logs.remove();
        await store.close();
      },
      async idle(timeoutMs = 60_000) {
        const deadline = Date.now() + timeoutMs;
        let quietChecks = 0;
        while (quietChecks < 2) {
          if (Date.now() > deadline) throw new Error(`the runtime did not settle within ${timeoutMs} ms`);
          await Promise.all(started.map(({ started: app }) => app.settled?.()));
          if (busy > 0) {
            // A poller is at work: not idle, and no need to ask the store (which would only slow it down).
            quietChecks = 0;
            await sleep(5);
            continue;
          }
          const status = await runtime.status();
          const working = status.queues.some(
            (q) => !isDeadLetterQueue(q.queue) && q.visible + q.inFlight > 0,
          );
          const quiet = busy === 0 && status.stream.behind === 0 && !working;
          quietChecks = quiet ? quietChecks + 1 : 0;
          if (!quiet) streamWake.notify();
          await sleep(Math.min(pollIntervalMs, 20));
        }
      },
      async status() {
        const checkpoint = await readCheckpoint(store.db, STREAM_FUNCTION);
        const counts = await store.db.query<{ last: string | null }>(
          'select max(seq)::text as last from changes where table_name = $1',
          [PLATFORM_TABLE],
        );
        const last = BigInt(counts.rows[0]?.last ?? '0');
        const depths = await queues.depths();
        return {
          dataDirectory: store.dataDirectory,
          stream: {
            checkpoint: checkpoint.toString(),
            lastChange: last.toString(),
            behind: Number(last > checkpoint ? last - checkpoint : 0n),
          },
          queues: depths,
          deadLetters: depths
            .filter((q) => isDeadLetterQueue(q.queue))
            .reduce((sum, q) => sum + q.visible + q.inFlight, 0),
          archivedEvents: await bus.archivedCount(),
          services: started.map(({ service }) => service),
          pending: plan.pending,
        };
      },
      listDeadLetters: () => listDeadLetters(queues),
      async redrive(queue) {
        const deadLetterQueue = deadLetterQueueOf(queue);
        if (deadLetterQueue === STREAM_DLQ) {
          return {
            queue: deadLetterQueue,
            redriven: await redriveStream(queues, streamSource, streamHandler),
          };
        }
        const redriven = await queues.redrive(deadLetterQueue);
        wakeQueues(new Set(redriven.map((message) => message.queue)));
        return { queue: deadLetterQueue, redriven: redriven.length };
      },
      replay: (range, onProgress) => bus.replay(range, onProgress),
      housekeep,
      archivedEvents: (since) => readArchivedEvents(store, since),
      outboxDirectory,
    };
    return runtime;
  } catch (error) {
    logs.remove();
    await store.close();
    throw error;
  }
}

/** The stream processor's mapping as its definition declares it (the stack reads the same numbers). */
function definedStreamMapping() {
  if (!streamProcessor.stream) throw new Error('the stream processor defines no stream mapping');
  return streamProcessor.stream;
}

/**
 * The stream processor's DLQ holds two kinds of message: Lambda's on-failure records (sequence-number ranges of
 * the change log, re-read and delivered again) and the handler's malformed records (the record itself, handed
 * to the handler again). Each message is deleted once its redelivery succeeded.
 */
async function redriveStream(
  queues: QueueStore,
  source: StreamEventSource,
  handler: ReturnType<typeof createLocalStreamHandler>,
): Promise<number> {
  let redriven = 0;
  for (const message of await queues.list(STREAM_DLQ)) {
    const body = JSON.parse(message.body) as Partial<StreamFailureRecord> & {
      kind?: string;
      record?: unknown;
    };
    if (body.DDBStreamBatchInfo) {
      await source.redeliver(
        body.DDBStreamBatchInfo.startSequenceNumber,
        body.DDBStreamBatchInfo.endSequenceNumber,
      );
    } else if (body.kind === 'malformed-stream-record' && body.record) {
      const response = await handler({ Records: [body.record as never] });
      if (response.batchItemFailures.length > 0) continue;
    }
    await queues.deleteById(message.id);
    redriven += 1;
  }
  return redriven;
}

/** The stream processor's log: lines go to the function log; a failed record's reason is kept for its DLQ entry. */
function streamLog(logs: FunctionLogs): Log {
  const write =
    (level: string) =>
    (message: string, ...attributes: Record<string, unknown>[]) => {
      logs.record(
        Object.assign(
          { level, message, service: STREAM_FUNCTION, timestamp: new Date().toISOString() },
          ...attributes,
        ),
      );
    };
  return { debug: write('DEBUG'), info: write('INFO'), warn: write('WARN'), error: write('ERROR') };
}

/** The HMAC secret of signed links: made once per store, so links survive a restart. */
async function signingSecret(store: LocalStore): Promise<string> {
  await store.db.query(
    `insert into meta (name, value) values ('signing-secret', $1) on conflict (name) do nothing`,
    [randomBytes(32).toString('hex')],
  );
  const result = await store.db.query<{ value: string }>(
    `select value from meta where name = 'signing-secret'`,
  );
  return result.rows[0]?.value ?? '';
}
