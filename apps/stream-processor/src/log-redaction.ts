import { personalFieldNames, personalValuesOf, redactPersonalText } from '@sfe/events';
import type { DynamoDBRecord } from 'aws-lambda';
import type { Log } from './log';

/**
 * The personal values a stream record carries: the string attributes of its images named like a field marked
 * as personal data in the event schemas (`email`, `name`, `userName`, `subject`; items and events share these
 * names). Read straight from the DynamoDB attribute values, so it works on a record that does not unmarshal.
 */
export function personalValuesOfRecord(record: DynamoDBRecord): string[] {
  const names = personalFieldNames();
  return [record.dynamodb?.NewImage, record.dynamodb?.OldImage].flatMap((image) =>
    Object.entries(image ?? {}).flatMap(([name, attribute]) =>
      names.has(name) && typeof attribute?.S === 'string' ? [attribute.S] : [],
    ),
  );
}

/** The personal values of the events a record became: their marked fields, and claim-check URLs. */
export function personalValuesOfEvents(events: readonly unknown[]): string[] {
  return events.flatMap((event) => personalValuesOf(event));
}

/**
 * A `Log` whose every message and attribute string has the given values and every claim-check link
 * replaced (`redactPersonalText` from `@sfe/events`), so no line the handler writes about a record holds
 * that record's personal data, even an error message quoting it. Per record rather than per logger: the
 * handler runs a batch's records concurrently.
 */
export function redactingLog(log: Log, values: readonly string[]): Log {
  const redact = (text: string) => redactPersonalText(text, values);
  const clean = (attributes: Record<string, unknown>[]) =>
    attributes.map(
      (attribute) =>
        JSON.parse(
          JSON.stringify(attribute, (_key, value: unknown) =>
            typeof value === 'string' ? redact(value) : value,
          ),
        ) as Record<string, unknown>,
    );
  return {
    debug: (message, ...attributes) => log.debug(redact(message), ...clean(attributes)),
    info: (message, ...attributes) => log.info(redact(message), ...clean(attributes)),
    warn: (message, ...attributes) => log.warn(redact(message), ...clean(attributes)),
    error: (message, ...attributes) => log.error(redact(message), ...clean(attributes)),
  };
}
