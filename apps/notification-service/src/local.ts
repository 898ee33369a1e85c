import { Logger } from '@aws-lambda-powertools/logger';
import { type LocalContext, localIdempotency } from '@sfe/consumer-toolkit';
import type { LocalService } from '@sfe/service-definition';
import { createOutboxSlackPoster, createOutboxTelegramSender } from './adapters/local-outbox';
import { type NotificationEnv, toNotificationConfig } from './env';
import { createHandlers } from './handler';
import { SERVICE_NAME } from './service-name';

/**
 * The real handlers wired to local stand-ins: each message is written, exactly as it would be posted, to the
 * `slack` or `telegram` outbox; idempotency lives in the runtime's store. No tokens are needed locally.
 */
export function createLocalService(context: LocalContext, env: NotificationEnv): LocalService {
  const outbox = (name: string) => ({
    directory: context.outboxDirectory(name),
    now: context.now,
    report: context.report,
  });
  return {
    // Team news, and alarms (locally: the runtime raises one when a message lands in a DLQ).
    handlers: createHandlers({
      config: toNotificationConfig(env),
      slack: createOutboxSlackPoster(outbox('slack')),
      telegram: createOutboxTelegramSender(outbox('telegram')),
      newPersistenceStore: () => localIdempotency(context, env.IDEMPOTENCY_TABLE_NAME).persistenceStore,
      fetchClaimCheck: context.fetchClaimCheck,
      logger: new Logger({ serviceName: SERVICE_NAME }),
    }),
  };
}
