import type { ConsumerContext } from '@sfe/consumer-toolkit';
import { describeEvent, type NotificationEvent } from '../domain/notification';
import type { NotificationConfig } from '../env';
import { SERVICE_NAME } from '../service-name';
import {
  createPostNotification,
  type PostedNotification,
  type PostNotificationDeps,
} from './post-notification';

/** What notifying the team touches: Slack and Telegram in AWS, outbox files locally. */
export interface NotifyTeamDeps extends PostNotificationDeps {
  readonly config: NotificationConfig;
}

/**
 * What notification-service does with an event: post it once to each configured channel. The consumer runs it
 * once per event id; which channels were posted to is remembered, so when Telegram fails after Slack
 * succeeded, the retry posts to Telegram only. Returns what it posted (the consumer logs it with the record).
 */
export function createNotifyTeam(
  deps: NotifyTeamDeps,
): (event: NotificationEvent, context: ConsumerContext) => Promise<PostedNotification> {
  // Under the consumer's idempotency record of the event (key prefix SERVICE_NAME).
  const post = createPostNotification(deps, deps.config, SERVICE_NAME);
  return (event, { logger }) => post(describeEvent(event, { locale: deps.config.locale }), { logger });
}
