import type { ClaimCheckStore } from '@sfe/events';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import type { DeadLetterSink } from './adapters/dead-letter-sink';
import type { EventPublisher } from './adapters/event-publisher';
import { createHandler } from './handler';
import { type Log, silentLog } from './log';

export type { DeadLetter, DeadLetterMessage, DeadLetterSink } from './adapters/dead-letter-sink';
export { toDeadLetterMessage } from './adapters/dead-letter-sink';
export type { EventPublisher, FailedEntry } from './adapters/event-publisher';
export { createMemoryDeadLetterSink } from './adapters/memory-dead-letter-sink';
export { createMemoryEventPublisher } from './adapters/memory-event-publisher';
export type { Log } from './log';

/** The bus name stamped on entries when the runtime does not name its bus. */
export const LOCAL_BUS_NAME = 'sfe-local-bus';

export interface LocalStreamHandlerOptions {
  /** The local bus: receives PutEvents requests of at most 10 entries, reports rejected entries by index. */
  readonly publisher: EventPublisher;
  /** Receives malformed records with their reason. */
  readonly deadLetters: DeadLetterSink;
  /** Where sensitive (SupportTicketOpened) and oversize payloads go, e.g. `createLocalClaimCheckStore`. */
  readonly claimCheckStore: ClaimCheckStore;
  /** Publish CourseCompleted v1 beside v2 (default true, as in the deployed stack). */
  readonly emitCourseCompletedV1?: boolean;
  /** Publish CertificateGenerated v1 beside v2 (default true, as in the deployed stack). */
  readonly emitCertificateGeneratedV1?: boolean;
  readonly busName?: string;
  /** Default: silent. */
  readonly logger?: Log;
}

/**
 * The real stream handler wired to local stand-ins. The runtime calls it with a DynamoDB Streams event shaped
 * like Lambda's (`Records[].dynamodb.{Keys, NewImage, OldImage, SequenceNumber, ApproximateCreationDateTime}`)
 * and gets `{ batchItemFailures }` back: like Lambda, it should redeliver from the lowest failed sequence
 * number, and treat a thrown error (every record failed) as the whole batch failing.
 *
 * @example
 * const onChanges = createLocalStreamHandler({ publisher: bus, deadLetters, claimCheckStore });
 * const { batchItemFailures } = await onChanges({ Records: records });
 */
export function createLocalStreamHandler(
  options: LocalStreamHandlerOptions,
): (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse> {
  const handle = createHandler({
    publisher: options.publisher,
    deadLetters: options.deadLetters,
    claimCheckStore: options.claimCheckStore,
    busName: options.busName ?? LOCAL_BUS_NAME,
    emitCourseCompletedV1: options.emitCourseCompletedV1 ?? true,
    emitCertificateGeneratedV1: options.emitCertificateGeneratedV1 ?? true,
    logger: options.logger ?? silentLog,
  });
  return (event) => handle(event);
}
