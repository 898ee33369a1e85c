import type { DynamoDBRecord, SQSRecord } from 'aws-lambda';
import type { BusName, BusRule } from '../bus/event-bus';
import type { EventBridgeEvent } from '../bus/eventbridge-event';
import type { QueueMessage } from '../queues/queue-store';
import type { CommittedChange } from '../store/pglite-table-store';
import type { StreamFailureRecord } from '../stream/stream-event-source';

/** Everything the runtime tells a person, one line per fact. */
export interface RuntimeObserver {
  committed(change: CommittedChange): void;
  streamInvoked(records: readonly DynamoDBRecord[], outcome: string): void;
  streamFailed(failure: StreamFailureRecord): void;
  routed(bus: BusName, event: EventBridgeEvent, rules: readonly BusRule[]): void;
  rejected(errorCode: string, errorMessage: string): void;
  delivered(queue: string, records: readonly SQSRecord[], failed: ReadonlyMap<string, string>): void;
  deadLettered(message: QueueMessage): void;
  sideEffect(line: string): void;
  info(line: string): void;
  error(line: string): void;
}

const KINDS = {
  commit: 'blue',
  stream: 'gray',
  event: 'cyan',
  deliver: 'green',
  effect: 'magenta',
  fail: 'red',
  dlq: 'red',
  info: 'gray',
  error: 'red',
} as const;
const COLOURS = { blue: 34, gray: 90, cyan: 36, green: 32, magenta: 35, red: 31 } as const;

/**
 * Lines a person can follow: a time, an aligned kind column (coloured on a terminal only), then the fact.
 * Paths are shown relative to where the runtime was started.
 */
export function createTerminalObserver(options: {
  readonly write: (line: string) => void;
  readonly colour: boolean;
  readonly cwd?: string;
  readonly now?: () => Date;
}): RuntimeObserver {
  const now = options.now ?? (() => new Date());
  const cwd = options.cwd ?? process.cwd();
  const line = (kind: keyof typeof KINDS, text: string) => {
    const time = now().toISOString().slice(11, 23);
    const label = kind.padEnd(7);
    const shown = options.colour ? `\u001b[${COLOURS[KINDS[kind]]}m${label}\u001b[0m` : label;
    options.write(`${time}  ${shown}  ${text}`);
  };
  const paths = (text: string) => text.replaceAll(`${cwd}/`, '');
  return {
    committed(change) {
      const entity = (change.newImage ?? change.oldImage)?.entityType;
      line(
        'commit',
        `#${change.seq} ${change.eventName.padEnd(6)} ${change.key.pk} ${change.key.sk}${entity ? ` (${String(entity)})` : ''}`,
      );
    },
    streamInvoked(records, outcome) {
      const first = records[0]?.dynamodb?.SequenceNumber;
      line(
        'stream',
        `${records.length} record${records.length === 1 ? '' : 's'} from ${first} → stream-processor: ${outcome}`,
      );
    },
    streamFailed(failure) {
      const info = failure.DDBStreamBatchInfo;
      line(
        'dlq',
        `stream-processor-dlq ← records ${info.startSequenceNumber}..${info.endSequenceNumber} (${failure.requestContext.condition})${failure.lastError ? `: ${failure.lastError}` : ''}`,
      );
    },
    routed(bus, event, rules) {
      const targets = rules.length > 0 ? rules.map((rule) => rule.queue).join(', ') : 'no rule matched';
      line('event', `${describeEvent(event)} on ${bus} → ${targets}`);
    },
    rejected(errorCode, errorMessage) {
      line('fail', `PutEvents entry rejected: ${errorCode}: ${errorMessage}`);
    },
    delivered(queue, records, failed) {
      const ok = records.length - failed.size;
      line(
        'deliver',
        `${queue}: ${records.length} message${records.length === 1 ? '' : 's'}, ${ok} ok${failed.size ? `, ${failed.size} failed` : ''}`,
      );
      for (const record of records) {
        const error = failed.get(record.messageId);
        if (error) {
          line(
            'fail',
            `${queue} message ${record.messageId.slice(0, 8)} (receive ${record.attributes.ApproximateReceiveCount}): ${error}`,
          );
        }
      }
    },
    deadLettered(message) {
      line(
        'dlq',
        `${message.queue} ← message ${message.id.slice(0, 8)} after ${message.receiveCount} receives${message.lastError ? `: ${message.lastError}` : ''}`,
      );
    },
    sideEffect(text) {
      line('effect', paths(text));
    },
    info(text) {
      line('info', paths(text));
    },
    error(text) {
      line('error', text);
    },
  };
}

/** `UserSignedUp v1 id 3f2a1b9c corr 9b1c77d0` for our events, `aws.s3 Object Created id …` for AWS's. */
export function describeEvent(event: EventBridgeEvent): string {
  const metadata = (event.detail as { metadata?: { id?: string; version?: number; correlationId?: string } })
    .metadata;
  const replay = event['replay-name'] ? ` [${event['replay-name']}]` : '';
  if (metadata?.id) {
    return `${event['detail-type']} v${metadata.version} id ${metadata.id.slice(0, 8)} corr ${metadata.correlationId?.slice(0, 8)}${replay}`;
  }
  return `${event.source} "${event['detail-type']}" id ${event.id.slice(0, 8)}${replay}`;
}

/** One observer telling each of several (the terminal and the console's journal) every fact. */
export function teeObservers(...observers: readonly RuntimeObserver[]): RuntimeObserver {
  const each =
    <K extends keyof RuntimeObserver>(name: K) =>
    (...args: Parameters<RuntimeObserver[K]>) => {
      for (const observer of observers)
        (observer[name] as (...a: Parameters<RuntimeObserver[K]>) => void)(...args);
    };
  return {
    committed: each('committed'),
    streamInvoked: each('streamInvoked'),
    streamFailed: each('streamFailed'),
    routed: each('routed'),
    rejected: each('rejected'),
    delivered: each('delivered'),
    deadLettered: each('deadLettered'),
    sideEffect: each('sideEffect'),
    info: each('info'),
    error: each('error'),
  };
}

/** An observer that says nothing (tests that only look at files and queues). */
export const silentObserver: RuntimeObserver = {
  committed() {},
  streamInvoked() {},
  streamFailed() {},
  routed() {},
  rejected() {},
  delivered() {},
  deadLettered() {},
  sideEffect() {},
  info() {},
  error() {},
};
