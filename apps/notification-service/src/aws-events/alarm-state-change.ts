import { EventBridgeEnvelopeSchema } from '@sfe/consumer-toolkit';
import * as z from 'zod/mini';

export const CLOUDWATCH_SOURCE = 'aws.cloudwatch';
export const ALARM_STATE_CHANGE = 'CloudWatch Alarm State Change';

/** An alarm's states (CloudWatch API reference, `MetricAlarm.StateValue`). */
export const AlarmStateValueSchema = z.enum(['OK', 'ALARM', 'INSUFFICIENT_DATA']);

/** `state` and `previousState`: the value, why, and when (`2019-10-02T17:04:40.985+0000`). */
const AlarmStateSchema = z.looseObject({
  value: AlarmStateValueSchema,
  reason: z.string(),
  reasonData: z.optional(z.string()),
  timestamp: z.string().check(z.minLength(1)),
});

/**
 * `detail` of CloudWatch's "CloudWatch Alarm State Change" (CloudWatch User Guide, "Alarm events and
 * EventBridge"): the alarm's name, its configuration (description, metrics) and the state it left and entered.
 * Composite alarms carry `alarmRule` instead of `metrics`: loose objects keep whatever else comes.
 */
export const AlarmStateChangeDetailSchema = z.looseObject({
  alarmName: z.string().check(z.minLength(1), z.maxLength(255)),
  state: AlarmStateSchema,
  previousState: AlarmStateSchema,
  configuration: z.looseObject({ description: z.optional(z.string()) }),
});

/** A "CloudWatch Alarm State Change" event exactly as EventBridge delivers it (on the default bus). */
export const AlarmStateChangeEventSchema = z.extend(EventBridgeEnvelopeSchema, {
  source: z.literal(CLOUDWATCH_SOURCE),
  'detail-type': z.literal(ALARM_STATE_CHANGE),
  detail: AlarmStateChangeDetailSchema,
});
export type AlarmStateChangeEvent = z.infer<typeof AlarmStateChangeEventSchema>;
