import { type LocalContext, localIdempotency, type SqsBatchHandler } from '@sfe/consumer-toolkit';
import { createOutboxSlackPoster, createOutboxTelegramSender } from './adapters/local-outbox';
import { parseNotificationConfig } from './env';
import { createHandler } from './handler';
import { teamNotifications } from './subscription';

/** Local defaults: both channels, so a person sees both payloads; override any of them in settings. */
export const LOCAL_DEFAULT_SETTINGS: Readonly<Record<string, string>> = {
  NOTIFICATION_CHANNELS: 'slack,telegram',
  SLACK_CHANNEL_ID: 'CLOCALTEAM',
  TELEGRAM_CHAT_ID: '-1000000000001',
};

/**
 * The real handler wired to local stand-ins: each message is written, exactly as it would be posted, to the
 * `slack` or `telegram` outbox; idempotency lives in the runtime's store. No tokens are needed locally.
 */
export function createLocalHandlers(context: LocalContext): Record<string, SqsBatchHandler> {
  const config = parseNotificationConfig({ ...LOCAL_DEFAULT_SETTINGS, ...context.settings });
  const outbox = (name: string) => ({
    directory: context.outboxDirectory(name),
    now: context.now,
    report: context.report,
  });
  return {
    [teamNotifications.id]: createHandler({
      config,
      slack: createOutboxSlackPoster(outbox('slack')),
      telegram: createOutboxTelegramSender(outbox('telegram')),
      newPersistenceStore: () => localIdempotency(context).persistenceStore,
      fetchClaimCheck: context.fetchClaimCheck,
    }),
  };
}
