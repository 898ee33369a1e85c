import { type LocalContext, localIdempotency } from '@sfe/consumer-toolkit';
import { createTableReader } from '@sfe/platform-client';
import type { LocalService } from '@sfe/service-definition';
import { createOutboxMailer } from './adapters/local-outbox-mailer';
import { type EmailEnv, toEmailConfig } from './env';
import { createHandler } from './handler';
import { learnerEmails } from './subscription';

/**
 * The real handler wired to local stand-ins: `.eml` files in the `email` outbox instead of SES, idempotency in
 * the runtime's store.
 */
export function createLocalService(context: LocalContext, env: EmailEnv): LocalService {
  const config = toEmailConfig(env);
  return {
    handlers: {
      [learnerEmails.id]: createHandler({
        config,
        mailer: createOutboxMailer({
          directory: context.outboxDirectory('email'),
          from: config.from,
          now: context.now,
          report: context.report,
        }),
        idempotency: localIdempotency(context, config.idempotencyTableName),
        fetchClaimCheck: context.fetchClaimCheck,
        // What the platform API answers (its own reader) over the local platform table: `pnpm dev` also serves
        // the API's paths over HTTP, but a handler must not depend on the server being up.
        platform: createTableReader(context.platformTable),
      }),
    },
  };
}
