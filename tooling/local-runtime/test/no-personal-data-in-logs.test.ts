import { readdirSync, readFileSync } from 'node:fs';
import { Logger } from '@aws-lambda-powertools/logger';
import {
  fixturePlatformItems,
  startTestLocalService,
  type TestLocalService,
  toSqsRecord,
} from '@sfe/consumer-toolkit/testing';
import {
  type ClaimCheckStore,
  type EventBridgeEvent,
  personalFieldNames,
  personalValuesOf,
} from '@sfe/events';
import { loadAllFixtures } from '@sfe/events/fixtures';
import type { ServiceDefinition } from '@sfe/service-definition';
import { discoverServices } from '@sfe/service-definition/discovery';
import {
  createLocalStreamHandler,
  createMemoryDeadLetterSink,
  createMemoryEventPublisher,
  type EventPublisher,
} from '@sfe/stream-processor/local';
import type { DynamoDBRecord, DynamoDBStreamEvent, SQSEvent, SQSRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Every fixture (`@sfe/events`' one per type and version, and each app's own) through every handler path that
 * logs (handled, duplicate, failed with an error quoting the data, failed on a claim check, invalid, of a type
 * the consumer does not take) with the functions' output captured: no personal value of any fixture (the
 * fields marked in the event schemas) and no claim-check link may appear in any line.
 */

const APPS = new URL('../../../apps/', import.meta.url);
const CLAIM_CHECK_URL =
  'https://sfe-dev-claim-check.s3.eu-west-2.amazonaws.com/claim-checks/X/1.json?X-Amz-Signature=5ec12e7';

/** Everything written to stdout and stderr while the suite runs: where Lambda's logs go. */
const output: string[] = [];
const restores: (() => void)[] = [];
beforeAll(() => {
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write.bind(stream);
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      output.push(String(chunk));
      const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
      callback?.();
      return true;
    }) as typeof stream.write;
    restores.push(() => {
      stream.write = original;
    });
  }
});
afterAll(() => {
  for (const restore of restores) restore();
});

/** Personal values of everything fed to the functions, collected as the inputs are made. */
const personal = new Set<string>();

const eventFixtures = loadAllFixtures().map(({ event }) => event);

/** Each consumer app's own fixtures: SQS events (`test/fixtures/sqs-*.json`) and AWS events (`fixtures/*.json`). */
function appFixtureRecords(app: string): SQSRecord[] {
  const records: SQSRecord[] = [];
  const read = (path: URL) => JSON.parse(readFileSync(path, 'utf8')) as unknown;
  for (const [folder, isSqs] of [
    ['test/fixtures/', true],
    ['fixtures/', false],
  ] as const) {
    const directory = new URL(`${app}/${folder}`, APPS);
    let files: string[];
    try {
      files = readdirSync(directory).filter((file) => file.endsWith('.json'));
    } catch {
      continue;
    }
    for (const file of files) {
      const content = read(new URL(file, directory));
      if (isSqs && typeof content === 'object' && content !== null && 'Records' in content) {
        records.push(...(content as SQSEvent).Records.filter((r) => r.eventSource === 'aws:sqs'));
      } else if (!isSqs) {
        records.push(toSqsRecord(content as EventBridgeEvent));
      }
    }
  }
  return records;
}

/** The fixture broken where no personal data is: its timestamp. */
function invalid(event: EventBridgeEvent): EventBridgeEvent {
  const copy = structuredClone(event) as EventBridgeEvent & { detail: { metadata: { created: string } } };
  copy.detail.metadata.created = 'yesterday';
  return copy;
}

/** The fixture as a claim check whose link (a presigned URL) cannot be fetched. */
function claimChecked(event: EventBridgeEvent): EventBridgeEvent {
  const copy = structuredClone(event) as EventBridgeEvent & { detail: { data: unknown } };
  copy.detail.data = { claimCheck: { url: CLAIM_CHECK_URL, sha256: 'a'.repeat(64), bytes: 99 } };
  return copy;
}

/**
 * AWS's events carry personal data no schema of ours marks: SES's bounces and complaints name the recipients.
 * Every email address in a record counts as personal, as written and lower-cased (how email-service keys it).
 */
const EMAIL_ADDRESS = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;

function remember(body: string): void {
  for (const value of personalValuesOf(body)) personal.add(value);
  for (const [address] of body.matchAll(EMAIL_ADDRESS)) {
    personal.add(address);
    personal.add(address.toLowerCase());
  }
}

const consumers: ServiceDefinition[] = [];
beforeAll(async () => {
  for (const { definition } of await discoverServices()) {
    if (definition.subscriptions.length > 0 && definition.local) consumers.push(definition);
  }
});

async function runConsumer(
  service: ServiceDefinition,
  mode: 'working' | 'failing',
): Promise<{ failures: number; delivered: number }> {
  const local: TestLocalService = await startTestLocalService(service, {
    platformItems: fixturePlatformItems(),
    settings: { FFMPEG_PATH: 'none', LOG_LEVEL: 'DEBUG' },
    fetchClaimCheck: async (url) => {
      throw new Error(`GET ${url} answered 403 Forbidden`);
    },
    ...(mode === 'failing'
      ? {
          onReport: (line: string) => {
            // An adapter failing with a message that quotes what it was given, as SES or a chat API may.
            throw new Error(`side effect failed after: ${line}`);
          },
        }
      : {}),
  });
  const app = service.name;
  const records = [
    ...eventFixtures.flatMap((event) =>
      [event, invalid(event), claimChecked(event)].map((e) => toSqsRecord(e)),
    ),
    ...appFixtureRecords(app),
  ];
  let failures = 0;
  try {
    for (const subscription of service.subscriptions) {
      for (const record of records) {
        remember(record.body);
        // Twice: the second delivery is a duplicate (or fails again).
        for (const _ of [1, 2]) failures += (await local.deliver(subscription.id, [record])).length;
      }
    }
  } finally {
    await local.remove();
  }
  return { failures, delivered: records.length * 2 * service.subscriptions.length };
}

function leaksIn(lines: readonly string[]): string[] {
  return lines.filter(
    (line) =>
      [...personal].some((value) => line.includes(value)) ||
      line.includes('X-Amz-Signature') ||
      line.includes('/blobs/') ||
      line.includes('claim-checks/'),
  );
}

describe('no personal data in function logs', () => {
  it('is logged by any consumer handling, skipping or failing any fixture', async () => {
    expect(consumers.map((service) => service.name).sort()).toStrictEqual([
      'certificate-service',
      'email-service',
      'notification-service',
      'reporting-service',
      'video-pipeline',
    ]);
    for (const service of consumers) {
      const working = await runConsumer(service, 'working');
      const failing = await runConsumer(service, 'failing');
      // Every path ran: some records failed (invalid, claim check, unaccepted) and, for the consumers of our
      // events, not all of them. (video-pipeline's AWS events need its VIDEO items and bucket: they fail here,
      // logging their reasons, which is the path that could leak.)
      expect(working.failures, service.name).toBeGreaterThan(0);
      if (service.name !== 'video-pipeline') {
        expect(working.failures, service.name).toBeLessThan(working.delivered);
      }
      expect(failing.failures, service.name).toBeGreaterThanOrEqual(working.failures);
    }
    const lines = output.join('').split('\n');
    // The inputs did hold personal data, and the functions did log about them.
    expect(personal.size).toBeGreaterThan(5);
    expect(lines.some((line) => line.includes('"Handled event"'))).toBe(true);
    expect(lines.some((line) => line.includes('Skipped duplicate delivery'))).toBe(true);
    expect(lines.some((line) => line.includes('side effect failed after'))).toBe(true);
    expect(lines.some((line) => line.includes('ClaimCheckError'))).toBe(true);
    expect(lines.some((line) => line.includes('EventValidationError'))).toBe(true);
    expect(leaksIn(lines)).toStrictEqual([]);
  });

  it('is logged by the stream processor publishing, failing or dead-lettering any stream fixture', async () => {
    const directory = new URL('stream-processor/fixtures/', APPS);
    const fixtures = readdirSync(directory)
      .filter((file) => file.endsWith('.json'))
      .map((file) => JSON.parse(readFileSync(new URL(file, directory), 'utf8')) as DynamoDBStreamEvent);
    const names = personalFieldNames();
    for (const record of fixtures.flatMap((fixture) => fixture.Records)) rememberImages(record, names);

    const logger = new Logger({ serviceName: 'stream-processor', logLevel: 'DEBUG' });
    const working = createMemoryEventPublisher();
    const rejecting: EventPublisher = {
      // EventBridge rejecting every entry, with a message quoting it.
      async putEvents(entries) {
        return {
          failed: entries.map((entry, index) => ({
            index,
            errorCode: 'InternalException',
            errorMessage: `could not put ${entry.Detail}`,
          })),
        };
      },
    };
    const claimCheckStore: ClaimCheckStore = {
      async put(key) {
        return `https://sfe-dev-claim-check.s3.eu-west-2.amazonaws.com/${key}?X-Amz-Signature=5ec12e7`;
      },
    };
    for (const publisher of [working, rejecting]) {
      const handler = createLocalStreamHandler({
        publisher,
        deadLetters: createMemoryDeadLetterSink(),
        claimCheckStore,
        logger,
      });
      for (const fixture of fixtures) {
        // A batch whose every record failed throws (Lambda then retries it whole): expected with `rejecting`.
        await handler(fixture).catch((error: Error) => {
          if (error.name !== 'FullBatchFailureError') throw error;
        });
      }
    }
    for (const entry of working.entries()) remember(entry.Detail);

    const lines = output.join('').split('\n');
    expect(lines.some((line) => line.includes('"published"'))).toBe(true);
    expect(lines.some((line) => line.includes('could not put'))).toBe(true);
    expect(lines.some((line) => line.includes('malformed record sent to the dead-letter queue'))).toBe(true);
    expect(working.entries().some((entry) => entry.Detail.includes('X-Amz-Signature'))).toBe(true);
    expect(leaksIn(lines)).toStrictEqual([]);
  });
});

/** A malformed record becomes no event: its personal values are its attributes named like a marked field. */
function rememberImages(record: DynamoDBRecord, names: ReadonlySet<string>): void {
  for (const image of [record.dynamodb?.NewImage, record.dynamodb?.OldImage]) {
    for (const [name, attribute] of Object.entries(image ?? {})) {
      if (names.has(name) && typeof attribute?.S === 'string') personal.add(attribute.S);
    }
  }
}
