import type { PutEventsEntry } from '@sfe/events';
import {
  buildRecordEntries,
  createDryRunClaimCheckStore,
  MalformedRecordError,
} from '@sfe/stream-processor/domain';
import { type Command, UsageError } from '../command';

// The dev stage's bus (`sfe-<stage>-bus`); only a label here, since nothing is published.
const DEFAULT_BUS = 'sfe-dev-bus';

interface StreamEvent {
  readonly Records: readonly Parameters<typeof buildRecordEntries>[0][];
}

function parseArgs(args: readonly string[]): { busName: string; emitCourseCompletedV1: boolean } {
  let busName = DEFAULT_BUS;
  let emitCourseCompletedV1 = true;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--bus') {
      const value = args[++i];
      if (!value) throw new UsageError('--bus needs a bus name');
      busName = value;
    } else if (arg === '--without-course-completed-v1') {
      emitCourseCompletedV1 = false;
    } else {
      throw new UsageError(`unknown argument "${arg}"`);
    }
  }
  return { busName, emitCourseCompletedV1 };
}

function parseStreamEvent(text: string): StreamEvent {
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`stdin is not JSON: ${(error as Error).message}`);
  }
  const records = (input as { Records?: unknown } | null)?.Records;
  if (!Array.isArray(records)) {
    throw new UsageError('stdin is not a DynamoDB Streams event: expected {"Records": [...]}');
  }
  return { Records: records };
}

/**
 * `pnpm sfe emit`: runs the stream processor's detection on a DynamoDB Streams event and prints the PutEvents
 * entries it would publish, publishing nothing. Ids derive from the records, so the same input prints the same
 * output. Claim-checked payloads are referenced by a `dry-run://` URL (their sha256 and size are real).
 */
export const emitCommand: Command = {
  path: ['emit'],
  usage: 'emit [--bus <name>] [--without-course-completed-v1] < stream-event.json',
  summary:
    'Prints the PutEvents entries the stream processor would publish for a DynamoDB Streams event (publishes nothing).',
  async run(args, io) {
    const { busName, emitCourseCompletedV1 } = parseArgs(args);
    const event = parseStreamEvent(await io.readStdin());
    const claimCheckStore = createDryRunClaimCheckStore();
    const entries: PutEventsEntry[] = [];
    let malformed = 0;
    for (const [index, record] of event.Records.entries()) {
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
    const printable = entries.map((entry) => ({ ...entry, Detail: JSON.parse(entry.Detail) as unknown }));
    io.stdout(`${JSON.stringify(printable, null, 2)}\n`);
    return malformed > 0 ? 1 : 0;
  },
};
