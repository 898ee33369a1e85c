import { LOCAL_IDEMPOTENCY_TABLE } from '@sfe/consumer-toolkit';
import { defineService } from '@sfe/service-definition';
import { NotificationEnvSchema } from './env';
import { SERVICE_NAME } from './service-name';
import { opsAlarms, teamNotifications } from './subscription';

/** notification-service, defined once: the stack, the local runtime and `pnpm sfe services` read this. */
export const service = defineService({
  name: SERVICE_NAME,
  description:
    'Signups, payments, course completions and failed video processing posted to the team chat, alarms to the ops chat (Slack, Telegram)',
  subscriptions: [
    {
      ...teamNotifications,
      // Slack allows about one message per second per channel: two pollers at most, small batches; a minute
      // leaves room for one Retry-After wait (bounded to 20 s in the adapters) per message.
      delivery: { batchSize: 5, maxConcurrency: 2, functionTimeoutSeconds: 60, maxReceiveCount: 5 },
    },
    // Alarms are few and each matters: the same limits as team news (one Retry-After wait fits in a minute).
    {
      ...opsAlarms,
      delivery: { batchSize: 5, maxConcurrency: 2, functionTimeoutSeconds: 60, maxReceiveCount: 5 },
    },
  ],
  config: NotificationEnvSchema,
  localSettings: {
    // Both channels locally, so a person sees both payloads; no tokens are read (outboxes stand in).
    NOTIFICATION_CHANNELS: 'slack,telegram',
    SLACK_CHANNEL_ID: 'CLOCALTEAM',
    TELEGRAM_CHAT_ID: '-1000000000001',
    // Alarms (locally: a message landing in a DLQ) go to their own outbox chats, so a person tells them apart.
    OPS_SLACK_CHANNEL_ID: 'CLOCALOPS0',
    OPS_TELEGRAM_CHAT_ID: '-1000000000002',
    NOTIFICATION_SECRET_ID: 'local-outboxes-need-no-tokens',
    IDEMPOTENCY_TABLE_NAME: LOCAL_IDEMPOTENCY_TABLE,
  },
  local: () => import('./local'),
});
