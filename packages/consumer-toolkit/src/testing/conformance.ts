import { readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { EVENT_VERSIONS, type EventTypeName } from '@sfe/events';
import { loadFixture } from '@sfe/events/fixtures';
import type { ServiceDefinition } from '@sfe/service-definition';
import { receivedEvents } from '@sfe/service-definition/routes';
import type { SQSRecord } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { LOCAL_IDEMPOTENCY_TABLE } from '../local-idempotency';
import { startTestLocalService, type TestLocalContextOptions, type TestLocalService } from './local-context';
import { fixturePlatformItems } from './platform-items';
import { toSqsRecord } from './sqs-event';

export interface ConsumerConformanceOptions {
  /** The app's definition (`src/service.ts`); its local handlers are what is checked. */
  readonly service: ServiceDefinition;
  /**
   * Per subscription id, the event types it is for: its rule must route exactly these, and a type no
   * subscription lists must fail (the handlers' `accepts`).
   */
  readonly accepts: Readonly<Record<string, readonly EventTypeName[]>>;
  /**
   * Subscriptions to AWS service events (not our envelope, e.g. CloudWatch alarms on the default bus): this
   * contract checks only that each has its local handler; the app's own tests cover them with AWS's fixtures.
   */
  readonly awsEventSubscriptions?: readonly string[];
  /** Settings and clock of the test local context (`startTestLocalService`). */
  readonly local?: TestLocalContextOptions;
  /** Per-test timeout: rendering, signing and idempotency on a busy machine (default 30 s). */
  readonly timeoutMs?: number;
}

/**
 * The consumer contract, written once and run against every consumer app (one call in its
 * `src/conformance.test.ts`), on its real local handlers:
 * - it has one local handler per subscription;
 * - its rule routes exactly the example events (`@sfe/events/fixtures`) of the types its handler accepts,
 *   computed with the pattern engine, and the handler takes every one it is routed;
 *   (the platform table holds the fixtures' learner and payment, `fixturePlatformItems`, for call-backs);
 * - a malformed record, an unknown version, a payload its schema refuses and a type it does not accept each
 *   fail alone, in one batch with
 *   good records that succeed;
 * - delivering the same events again has no second side effect: no new file in a bucket or outbox, no new
 *   write to a table (idempotency records aside), no new report line or AWS event.
 */
export function describeConsumerConformance(options: ConsumerConformanceOptions): void {
  const { service } = options;
  const timeout = options.timeoutMs ?? 30_000;
  // A type no handler of the service accepts (one handler may serve several single-type rules).
  const acceptedByService = new Set(Object.values(options.accepts).flat());
  const stranger = (Object.keys(EVENT_VERSIONS) as EventTypeName[]).find(
    (type) => !acceptedByService.has(type),
  );
  describe(`${service.name} consumer conformance`, () => {
    let local: TestLocalService | undefined;
    afterEach(async () => {
      await local?.remove();
      local = undefined;
    });
    const start = async () => {
      local = await startTestLocalService(service, {
        platformItems: fixturePlatformItems(),
        ...options.local,
      });
      return local;
    };

    it(
      'has one local handler per subscription, and no other',
      async () => {
        const started = await start();
        expect(Object.keys(started.handlers).sort()).toStrictEqual(
          service.subscriptions.map((subscription) => subscription.id).sort(),
        );
      },
      timeout,
    );

    const ourEvents = service.subscriptions.filter(
      (subscription) => !options.awsEventSubscriptions?.includes(subscription.id),
    );
    for (const subscription of ourEvents) {
      const accepted = options.accepts[subscription.id];
      const routed = receivedEvents(subscription.pattern);
      const deliver = (started: TestLocalService, records: SQSRecord[]) =>
        started.deliver(subscription.id, records);
      const routedRecords = (prefix: string, receiveCount = 1) =>
        routed.map(({ type, version }) =>
          toSqsRecord(loadFixture(type as EventTypeName, version), {
            messageId: `${prefix}-${type}-v${version}`,
            receiveCount,
          }),
        );

      it(`${subscription.id}: routes exactly the fixtures of the types it accepts`, () => {
        if (!accepted) throw new Error(`accepts names no event types for subscription "${subscription.id}"`);
        expect([...new Set(routed.map(({ type }) => type))].sort()).toStrictEqual([...accepted].sort());
      });

      it(
        `${subscription.id}: handles every routed fixture`,
        async () => {
          const started = await start();
          expect(await deliver(started, routedRecords('routed'))).toStrictEqual([]);
        },
        timeout,
      );

      it(
        `${subscription.id}: fails a malformed record, an unknown version, a payload its schema refuses and an unaccepted type alone`,
        async () => {
          const started = await start();
          const [first] = routed;
          if (!first) throw new Error(`the rule of "${subscription.id}" routes no fixture`);
          const future = loadFixture(first.type as EventTypeName, first.version) as {
            detail: { metadata: { version: number } };
          };
          future.detail.metadata.version = Math.max(...Object.values(EVENT_VERSIONS)) + 90;
          const refused = loadFixture(first.type as EventTypeName, first.version) as {
            detail: { data: unknown };
          };
          refused.detail.data = {};
          const records = [
            toSqsRecord('{"detail": {"metadata": ', { messageId: 'malformed' }),
            toSqsRecord(future, { messageId: 'unknown-version' }),
            toSqsRecord(refused, { messageId: 'refused-payload' }),
            ...(stranger ? [toSqsRecord(loadFixture(stranger), { messageId: 'unaccepted' })] : []),
            ...routedRecords('good'),
          ];
          expect((await deliver(started, records)).sort()).toStrictEqual(
            ['malformed', 'unknown-version', 'refused-payload', ...(stranger ? ['unaccepted'] : [])].sort(),
          );
        },
        timeout,
      );

      it(
        `${subscription.id}: has no second side effect when the same events are delivered again`,
        async () => {
          const started = await start();
          expect(await deliver(started, routedRecords('first'))).toStrictEqual([]);
          const once = await sideEffects(started);
          expect(await deliver(started, routedRecords('again', 2))).toStrictEqual([]);
          expect(await sideEffects(started)).toStrictEqual(once);
        },
        timeout,
      );
    }
  });
}

/** Everything a delivery can leave behind in a test local context, idempotency records aside. */
async function sideEffects(local: TestLocalService) {
  const tables = Object.fromEntries(
    [...local.tables]
      .filter(([name]) => name !== LOCAL_IDEMPOTENCY_TABLE)
      .map(([name, table]) => [name, table.changes.length]),
  );
  return {
    files: await listFiles(local.rootDirectory),
    platformTableWrites: local.platformTable.changes.length,
    tables,
    reported: [...local.reported],
    awsEvents: local.awsEvents.length,
  };
}

async function listFiles(root: string, directory = root): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true }).catch(() => []);
  const files = await Promise.all(
    entries.map(async (entry) => {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) return listFiles(root, path);
      return [`${relative(root, path)} (${(await stat(path)).size} bytes)`];
    }),
  );
  return files.flat().sort();
}
