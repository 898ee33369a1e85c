import { Logger } from '@aws-lambda-powertools/logger';
import { type LocalContext, localIdempotency } from '@sfe/consumer-toolkit';
import { createTableReader } from '@sfe/platform-client';
import type { LocalService } from '@sfe/service-definition';
import { createOutboxMailer } from './adapters/local-outbox-mailer';
import { createTableSuppressionList } from './adapters/suppression-list';
import { type EmailEnv, toEmailConfig } from './env';
import { createHandlers } from './handler';
import { SERVICE_NAME } from './service-name';

/**
 * The real handlers wired to local stand-ins: `.eml` files in the `email` outbox instead of SES, idempotency and
 * the suppression list in the runtime's store (`pnpm sfe ses bounce <address>` puts SES's bounce event on the
 * local default bus, where the ses-feedback rule takes it, as on AWS).
 */
export function createLocalService(context: LocalContext, env: EmailEnv): LocalService {
  const config = toEmailConfig(env);
  return {
    handlers: createHandlers({
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
      suppressions: createTableSuppressionList(context.table(config.suppressionTableName)),
      logger: new Logger({ serviceName: SERVICE_NAME }),
    }),
  };
}
