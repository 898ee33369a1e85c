import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BlobStore, createLocalBlobStore, type LocalBlobStoreOptions } from '@sfe/blob-store';
import {
  type ClaimCheckFetcher,
  type EventBridgeEvent,
  fetchClaimCheck,
  type PublishableEvent,
} from '@sfe/events';
import { type Item, MemoryTableStore } from '@sfe/records';
import type {
  AwsServiceEventInput,
  LocalContext,
  LocalService,
  ServiceDefinition,
} from '@sfe/service-definition';
import type { SQSRecord } from 'aws-lambda';
import { createLambdaContext } from '../lambda-context';
import { toEventBridgeEvent } from './eventbridge-event';
import { toSqsEvent, toSqsRecord } from './sqs-event';

export interface TestLocalContextOptions {
  /** `context.settings`, standing in for the stack's environment. */
  readonly settings?: Readonly<Record<string, string>>;
  /** The clock: a fixed instant or a function. Default: fixed at `2026-11-23T12:00:00.000Z`. */
  readonly now?: Date | string | (() => Date);
  /** Default: `fetchClaimCheck` of `@sfe/events` (fetches the signed link). */
  readonly fetchClaimCheck?: ClaimCheckFetcher;
  /** Called after each put into any local bucket, e.g. to raise S3 "Object Created". */
  readonly onPut?: LocalBlobStoreOptions['onPut'];
  /** Items the platform table holds from the start: what call-backs of light events read. */
  readonly platformItems?: readonly Item[];
  /**
   * Called with each line the service passes to `context.report` (after it is kept in `reported`); throw
   * from it to make the side effect reporting it fail.
   */
  readonly onReport?: (line: string) => void;
}

/** A `LocalContext` for tests, and what a test inspects afterwards. */
export interface TestLocalContext {
  readonly context: LocalContext;
  /** The temporary directory holding buckets and outboxes; removed by `remove()`. */
  readonly rootDirectory: string;
  readonly platformTable: MemoryTableStore;
  /** The service-owned tables handed out so far by `context.table(name)`. */
  readonly tables: ReadonlyMap<string, MemoryTableStore>;
  /** Every line the service passed to `context.report`, in order. */
  readonly reported: string[];
  /** Every AWS service event the service put on the default bus (`context.putAwsEvent`), in order. */
  readonly awsEvents: AwsServiceEventInput[];
  /** The directory holding the objects of `context.bucket(name)`. */
  readonly bucketDirectory: (name: string) => string;
  /** The same directory as `context.outboxDirectory(name)`. */
  readonly outboxDirectory: (name: string) => string;
  readonly remove: () => Promise<void>;
}

/**
 * What the local runtime hands a service, built for a test: in-memory tables (one per name), real local buckets
 * and outboxes in a new temporary directory, a fixed clock and the report lines captured.
 * @example
 * const local = await createTestLocalContext({ settings: { BRAND_NAME: 'Academy' } });
 * await createLocalHandlers(local.context)['learner-emails']?.(sqsEvent, lambdaContext);
 * expect(local.reported).toStrictEqual([...]);
 * await local.remove();
 */
export async function createTestLocalContext(
  options: TestLocalContextOptions = {},
): Promise<TestLocalContext> {
  const rootDirectory = await mkdtemp(join(tmpdir(), 'sfe-test-local-'));
  const bucketsDirectory = join(rootDirectory, 'buckets');
  const outboxDirectory = (name: string) => join(rootDirectory, 'outbox', name);
  const tables = new Map<string, MemoryTableStore>();
  const buckets = new Map<string, BlobStore>();
  const reported: string[] = [];
  const awsEvents: AwsServiceEventInput[] = [];
  const platformTable = new MemoryTableStore();
  for (const item of options.platformItems ?? []) await platformTable.transact([{ kind: 'put', item }]);

  const context: LocalContext = {
    platformTable,
    table: (name) => {
      const table = tables.get(name) ?? new MemoryTableStore();
      tables.set(name, table);
      return table;
    },
    bucket: (name) => {
      const bucket =
        buckets.get(name) ??
        createLocalBlobStore({
          rootDirectory: bucketsDirectory,
          bucket: name,
          baseUrl: 'http://127.0.0.1:4010/blobs',
          signingSecret: 'test-secret',
          ...(options.onPut ? { onPut: options.onPut } : {}),
        });
      buckets.set(name, bucket);
      return bucket;
    },
    outboxDirectory,
    fetchClaimCheck: options.fetchClaimCheck ?? fetchClaimCheck,
    now: clock(options.now ?? '2026-11-23T12:00:00.000Z'),
    settings: options.settings ?? {},
    report: (line) => {
      reported.push(line);
      options.onReport?.(line);
    },
    putAwsEvent: async (event) => {
      awsEvents.push(event);
    },
  };
  return {
    context,
    rootDirectory,
    platformTable,
    tables,
    reported,
    awsEvents,
    bucketDirectory: (name) => join(bucketsDirectory, name),
    outboxDirectory,
    remove: () => rm(rootDirectory, { recursive: true, force: true }),
  };
}

function clock(now: Date | string | (() => Date)): () => Date {
  if (typeof now === 'function') return now;
  const instant = new Date(now).getTime();
  return () => new Date(instant);
}

/** A service's local handlers on a test local context, and the context to inspect afterwards. */
export interface TestLocalService extends TestLocalContext {
  readonly handlers: LocalService['handlers'];
  /** The service's HTTP API, when it serves one (`LocalService.http`). */
  readonly http?: LocalService['http'];
  readonly settled: () => Promise<void>;
  /**
   * Delivers one batch to a subscription's local handler as its queue would (an event of ours is wrapped as
   * the bus delivers it, a bus event such as a fixture goes in a record, an `SQSRecord` goes as is, e.g. a
   * malformed body), waits for its background work, and returns the message ids of the records that failed.
   */
  readonly deliver: (subscriptionId: string, items: readonly DeliverableItem[]) => Promise<string[]>;
}

type DeliverableItem = PublishableEvent | EventBridgeEvent | SQSRecord;

function toRecord(item: DeliverableItem): SQSRecord {
  if ('eventSource' in item && item.eventSource === 'aws:sqs') return item;
  if ('detail-type' in item) return toSqsRecord(item);
  return toSqsRecord(toEventBridgeEvent(item as PublishableEvent));
}

/**
 * Starts a service as the local runtime does: its definition's `local()` module, on a test local context,
 * with its `localConfig` (`localSettings`, then `options.settings` over them). Remove it with `remove()`.
 * @example
 * const local = await startTestLocalService(service, { settings: { BRAND_NAME: 'Academy' } });
 * expect(await local.deliver('learner-emails', [userSignedUp()])).toStrictEqual([]); // no failures
 */
export async function startTestLocalService(
  service: ServiceDefinition,
  options: TestLocalContextOptions = {},
): Promise<TestLocalService> {
  if (!service.local) throw new Error(`${service.name} defines no local handlers (\`local\`)`);
  const module = await service.local();
  const local = await createTestLocalContext(options);
  const started = module.createLocalService(local.context, service.localConfig(options.settings));
  const settled = started.settled ?? (async () => {});
  const deliver: TestLocalService['deliver'] = async (subscriptionId, items) => {
    const handler = started.handlers[subscriptionId];
    if (!handler) throw new Error(`${service.name} has no local handler for "${subscriptionId}"`);
    const records = items.map(toRecord);
    const response = await handler(
      toSqsEvent(records),
      createLambdaContext({ functionName: `${service.name}-${subscriptionId}` }),
    );
    await settled();
    return response?.batchItemFailures.map((failure) => failure.itemIdentifier) ?? [];
  };
  return {
    ...local,
    handlers: started.handlers,
    ...(started.http ? { http: started.http } : {}),
    settled,
    deliver,
  };
}
