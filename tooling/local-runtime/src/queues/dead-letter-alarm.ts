import { randomUUID } from 'node:crypto';
import type { AwsServiceEventInput } from '@sfe/service-definition';
import { LOCAL_ACCOUNT, LOCAL_REGION } from '../aws-identity';
import type { QueueMessage } from './queue-store';

/** CloudWatch's timestamps in alarm events: `2026-03-02T09:15:40.405+0000`. */
function cloudWatchTime(date: Date): string {
  return date.toISOString().replace('Z', '+0000');
}

/**
 * The CloudWatch "Alarm State Change" (OK → ALARM) a deployed stage sends to the default bus when a DLQ's
 * alarm fires (`<dlq>-not-empty`, as `EventConsumer` names it), raised here for each message landing in a DLQ
 * (there is no CloudWatch locally): notification-service's ops-alarms rule posts it like the real one.
 * None for a message that is itself an alarm event, so a failing alarm consumer cannot feed itself.
 */
export function deadLetterAlarmEvent(
  message: Pick<QueueMessage, 'queue' | 'body' | 'sourceQueue' | 'receiveCount'>,
  options: { readonly stage: string; readonly now: Date },
): AwsServiceEventInput | undefined {
  if (isAlarmEvent(message.body)) return undefined;
  const alarmName = `sfe-${options.stage}-${message.queue}-not-empty`;
  const failedIn = message.sourceQueue ?? 'its source';
  const time = cloudWatchTime(options.now);
  return {
    id: randomUUID(),
    source: 'aws.cloudwatch',
    'detail-type': 'CloudWatch Alarm State Change',
    account: LOCAL_ACCOUNT,
    region: LOCAL_REGION,
    time: options.now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    resources: [`arn:aws:cloudwatch:${LOCAL_REGION}:${LOCAL_ACCOUNT}:alarm:${alarmName}`],
    detail: {
      alarmName,
      configuration: {
        description: `Messages failed in ${failedIn} and sit in ${message.queue} (local runtime)`,
        metrics: [
          {
            id: 'dead-letters',
            metricStat: {
              metric: {
                dimensions: { QueueName: message.queue },
                name: 'ApproximateNumberOfMessagesVisible',
                namespace: 'AWS/SQS',
              },
              period: 60,
              stat: 'Average',
            },
            returnData: true,
          },
        ],
      },
      previousState: { reason: 'The queue was empty (local runtime)', timestamp: time, value: 'OK' },
      state: {
        reason: `A message received ${message.receiveCount} times in ${failedIn} was moved to ${message.queue} (local runtime)`,
        timestamp: time,
        value: 'ALARM',
      },
    },
  };
}

function isAlarmEvent(body: string): boolean {
  try {
    return (JSON.parse(body) as { source?: unknown } | null)?.source === 'aws.cloudwatch';
  } catch {
    return false;
  }
}
