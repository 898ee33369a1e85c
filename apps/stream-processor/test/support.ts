import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { Log } from '../src/log';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

/** A fixture: a DynamoDB Streams Lambda event, as AWS delivers it. */
export function loadFixture(name: string): DynamoDBStreamEvent {
  return JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8')) as DynamoDBStreamEvent;
}

/** The single record of a one-record fixture. */
export function fixtureRecord(name: string): DynamoDBRecord {
  const record = loadFixture(name).Records[0];
  if (!record) throw new Error(`fixture ${name} has no record`);
  return record;
}

export function fixtureNames(): string[] {
  return readdirSync(FIXTURES)
    .filter((file) => file.endsWith('.json'))
    .map((file) => file.slice(0, -'.json'.length))
    .sort();
}

/** A copy of a record posing as another change: new eventID and sequence number (and optionally item). */
export function withIdentity(
  record: DynamoDBRecord,
  eventID: string,
  sequenceNumber: string,
): DynamoDBRecord {
  const copy = structuredClone(record);
  copy.eventID = eventID;
  if (copy.dynamodb) copy.dynamodb.SequenceNumber = sequenceNumber;
  return copy;
}

export interface LogLine {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly message: string;
  readonly attributes: Record<string, unknown>;
}

/** A `Log` that keeps every line for assertions. */
export function createRecordingLog(): Log & { readonly lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at =
    (level: LogLine['level']) =>
    (message: string, ...attributes: Record<string, unknown>[]) =>
      lines.push({ level, message, attributes: Object.assign({}, ...attributes) });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
