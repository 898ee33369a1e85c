import { type LocalContext, localIdempotency } from '@sfe/consumer-toolkit';
import type { LocalService } from '@sfe/service-definition';
import { createOutboxSlackPoster, createOutboxTelegramSender } from './adapters/local-outbox';
import { type NotificationEnv, toNotificationConfig } from './env';
import { createHandler } from './handler';
import { teamNotifications } from './subscription';

/**
 * The real handler wired to local stand-ins: each message is written, exactly as it would be posted, to the
 * `slack` or `telegram` outbox; idempotency lives in the runtime's store. No tokens are needed locally.
 */
export function createLocalService(context: LocalContext, env: NotificationEnv): LocalService {
  const outbox = (name: string) => ({
    directory: context.outboxDirectory(name),
    now: context.now,
    report: context.report,
  });
  return {
    handlers: {
      [teamNotifications.id]: createHandler({
        config: toNotificationConfig(env),
        slack: createOutboxSlackPoster(outbox('slack')),
        telegram: createOutboxTelegramSender(outbox('telegram')),
        newPersistenceStore: () => localIdempotency(context, env.IDEMPOTENCY_TABLE_NAME).persistenceStore,
        fetchClaimCheck: context.fetchClaimCheck,
      }),
    },
  };
}
