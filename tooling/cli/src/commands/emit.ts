import { DEFAULT_STAGE, platformBusName } from '@sfe/cdk-constructs/stage';
import type { PutEventsEntry } from '@sfe/events';
import {
  buildRecordEntries,
  createDryRunClaimCheckStore,
  MalformedRecordError,
} from '@sfe/stream-processor/domain';
import { defineCommand } from '../command';

// The default stage's bus, as infra names it (the local runtime answers to it too).
const DEFAULT_BUS = platformBusName(DEFAULT_STAGE);

interface StreamEvent {
  readonly Records: readonly Parameters<typeof buildRecordEntries>[0][];
}

/** The stream event on stdin, or why it is not one. */
function parseStreamEvent(text: string): StreamEvent | string {
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (error) {
    return `stdin is not JSON: ${(error as Error).message}`;
  }
  const records = (input as { Records?: unknown } | null)?.Records;
  if (!Array.isArray(records)) return 'stdin is not a DynamoDB Streams event: expected {"Records": [...]}';
  return { Records: records };
}

/**
 * `pnpm sfe emit`: runs the stream processor's detection on a DynamoDB Streams event and prints the PutEvents
 * entries it would publish, publishing nothing: exactly as PutEvents takes them, so `aws events put-events
 * --entries file://...` accepts the output as it is (against AWS, or the local runtime's endpoint). Ids derive from the records, so the same input prints the same
 * output. Claim-checked payloads are referenced by a `dry-run://` URL (their sha256 and size are real).
 */
export const emitCommand = defineCommand({
  path: ['emit'],
  summary:
    'Prints the PutEvents entries the stream processor would publish for a DynamoDB Streams event (publishes nothing).',
  description: 'Reads the DynamoDB Streams event ({"Records": [...]}) from stdin.',
  stdin: '< stream-event.json',
  options: {
    bus: {
      type: 'string',
      value: '<name>',
      default: DEFAULT_BUS,
      description: 'the EventBusName of each entry',
    },
    'without-course-completed-v1': {
      type: 'boolean',
      description: 'publish CourseCompleted v2 only (once no consumer reads v1)',
    },
    'detail-as-object': {
      type: 'boolean',
      description: 'print each Detail as JSON to read (PutEvents, and so put-events, takes it as a string)',
    },
  },
  examples: [
    'pnpm sfe emit < apps/stream-processor/fixtures/course-completed.json > entries.json',
    'aws events put-events --endpoint-url http://127.0.0.1:4010 --entries file://entries.json',
    'pnpm sfe emit --detail-as-object < apps/stream-processor/fixtures/course-completed.json',
  ],
  async run({ options }, io) {
    const busName = options.bus;
    const emitCourseCompletedV1 = !options['without-course-completed-v1'];
    const event = parseStreamEvent(await io.readStdin());
    if (typeof event === 'string') {
      io.stderr(`${event}\n`);
      return 1;
    }
    const claimCheckStore = createDryRunClaimCheckStore();
    const entries: PutEventsEntry[] = [];
    let malformed = 0;
    for (const [index, record] of event.Records.entries()) {
      // A stream record is an object; anything else (null, a number) is malformed, as the DLQ would say.
      if (typeof record !== 'object' || record === null || Array.isArray(record)) {
        malformed++;
        io.stderr(
          `record ${index}: malformed, would go to the dead-letter queue: a stream record is an object, not ${JSON.stringify(record)}\n`,
        );
        continue;
      }
      try {
        const result = await buildRecordEntries(record, { busName, claimCheckStore, emitCourseCompletedV1 });
        if (result.kind === 'events') entries.push(...result.entries);
        else if (result.kind === 'unknown-entity') {
          io.stderr(
            `record ${index} (${result.eventID}): unknown entity type ${result.entityType}, skipped\n`,
          );
        }
      } catch (error) {
        if (!(error instanceof MalformedRecordError)) throw error;
        malformed++;
        io.stderr(`record ${index}: malformed, would go to the dead-letter queue: ${error.message}\n`);
      }
    }
    const printable = options['detail-as-object']
      ? entries.map((entry) => ({ ...entry, Detail: JSON.parse(entry.Detail) as unknown }))
      : entries;
    io.stdout(`${JSON.stringify(printable, null, 2)}\n`);
    return malformed > 0 ? 1 : 0;
  },
});
