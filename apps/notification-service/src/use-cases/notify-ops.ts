import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context, SQSRecord } from 'aws-lambda';
import type { AlarmStateChangeEvent } from '../aws-events/alarm-state-change';
import { describeAlarmStateChange } from '../domain/alarm-notification';
import { SERVICE_NAME } from '../service-name';
import type { NotifyTeamDeps } from './notify-team';
import { createPostNotification, notifyOnce } from './post-notification';

/**
 * What notification-service does with an alarm's state change: post it once to each ops channel
 * (`config.ops`), idempotent on the EventBridge event's id (key prefix `notification-service.ops`, apart from
 * the team's), each channel at most once. Returns what it posted, for the consumer's log line.
 */
export function createNotifyOps(
  deps: NotifyTeamDeps,
  logger: Logger,
): (
  event: AlarmStateChangeEvent,
  record: SQSRecord,
  lambdaContext: Context,
) => Promise<{ alarmName: string; state: string; channels: string[] }> {
  const keyPrefix = `${SERVICE_NAME}.ops`;
  const postOnce = createPostNotification(deps, deps.config.ops, keyPrefix);
  // Logged here, not returned: what the idempotent function returns is stored, and a duplicate returns it again.
  const post = notifyOnce(
    async (notification, context) => {
      context.logger.info('Posted notification', { ...(await postOnce(notification, context)) });
    },
    deps.newPersistenceStore(),
    keyPrefix,
  );
  return async (event, _record, lambdaContext) => {
    await post(describeAlarmStateChange(event), { logger, lambdaContext });
    return {
      alarmName: event.detail.alarmName,
      state: event.detail.state.value,
      channels: [...deps.config.ops.channels],
    };
  };
}
