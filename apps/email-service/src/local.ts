import { type LocalContext, localIdempotency, type SqsBatchHandler } from '@sfe/consumer-toolkit';
import { createOutboxMailer } from './adapters/local-outbox-mailer';
import { parseEmailConfig } from './env';
import { createHandler } from './handler';
import { learnerEmails } from './subscription';

/** What the local runtime needs when a person has not set these (they can override each in settings). */
export const LOCAL_DEFAULT_SETTINGS: Readonly<Record<string, string>> = {
  EMAIL_FROM_ADDRESS: 'no-reply@sfe.localhost',
  APP_URL: 'http://localhost:4010',
  CERTIFICATES_BUCKET: 'certificates',
};

/**
 * The real handler wired to local stand-ins: `.eml` files in the `email` outbox instead of SES, the local
 * certificates bucket (HMAC-signed links the runtime serves), idempotency in the runtime's store.
 */
export function createLocalHandlers(context: LocalContext): Record<string, SqsBatchHandler> {
  const config = parseEmailConfig({ ...LOCAL_DEFAULT_SETTINGS, ...context.settings });
  return {
    [learnerEmails.id]: createHandler({
      config,
      now: context.now,
      mailer: createOutboxMailer({
        directory: context.outboxDirectory('email'),
        from: config.from,
        now: context.now,
        report: context.report,
      }),
      certificates: context.bucket(config.certificatesBucket),
      idempotency: localIdempotency(context),
      fetchClaimCheck: context.fetchClaimCheck,
    }),
  };
}
