import type { ConsumerContext } from '@sfe/consumer-toolkit';
import { describeEvent, type NotificationEvent } from '../domain/notification';
import type { NotificationConfig } from '../env';
import { createPostNotification, type PostNotificationDeps } from './post-notification';

/** What notifying the team touches: Slack and Telegram in AWS, outbox files locally. */
export interface NotifyTeamDeps extends PostNotificationDeps {
  readonly config: NotificationConfig;
}

/**
 * What notification-service does with an event: post it once to each configured channel. Each channel's post
 * is idempotent on its own, so when Telegram fails after Slack succeeded, the retry posts to Telegram only.
 */
export function createNotifyTeam(
  deps: NotifyTeamDeps,
): (event: NotificationEvent, context: ConsumerContext) => Promise<void> {
  const post = createPostNotification(deps, deps.config);
  return (event, { logger, lambdaContext }) =>
    post(describeEvent(event, { locale: deps.config.locale }), { logger, lambdaContext });
}
