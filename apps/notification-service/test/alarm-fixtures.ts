import { readFileSync } from 'node:fs';
import type { SQSRecord } from 'aws-lambda';
import {
  type AlarmStateChangeEvent,
  AlarmStateChangeEventSchema,
} from '../src/aws-events/alarm-state-change';

/** The AWS-shaped alarm fixtures in `fixtures/` (see its README). */
export type AlarmFixture = 'aws-docs' | 'dlq-alarm';

/** The fixture's JSON text, as EventBridge delivers it. */
export function alarmFixtureText(name: AlarmFixture): string {
  return readFileSync(new URL(`../fixtures/alarm-state-change.${name}.json`, import.meta.url), 'utf8');
}

/** The fixture, validated (a fixture that drifted from the schema fails here, loudly). */
export function loadAlarmFixture(name: AlarmFixture): AlarmStateChangeEvent {
  return AlarmStateChangeEventSchema.parse(JSON.parse(alarmFixtureText(name)));
}

/** An SQS record whose body is `body`, as the ops-alarms queue hands it to Lambda. */
export function sqsRecordOf(body: string, messageId: string): SQSRecord {
  return {
    messageId,
    receiptHandle: `handle-${messageId}`,
    body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '1772442940000',
      SenderId: 'AIDAIENQZJOLO23YVJ4VO',
      ApproximateFirstReceiveTimestamp: '1772442940100',
    },
    messageAttributes: {},
    md5OfBody: 'not-checked',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:eu-west-2:111122223333:sfe-prod-notification-service-ops-alarms',
    awsRegion: 'eu-west-2',
  };
}
