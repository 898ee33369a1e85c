import { SESClient } from '@aws-sdk/client-ses';
import { awsIdempotency } from '@sfe/consumer-toolkit/aws';
import { fetchClaimCheck } from '@sfe/events';
import { createAwsPlatformClient } from '@sfe/platform-client/aws';
import { createSesMailer } from './adapters/aws-ses-mailer';
import { readEmailConfig } from './env';
import type { EmailDeps } from './handler';

/**
 * The Lambda's dependencies: SES, the DynamoDB idempotency table, and the platform API (SigV4-signed
 * call-backs).
 */
export function awsDeps(): EmailDeps {
  const config = readEmailConfig();
  return {
    config,
    mailer: createSesMailer({
      client: new SESClient({}),
      from: config.from,
      configurationSetName: config.sesConfigurationSet,
      now: () => new Date(),
    }),
    idempotency: awsIdempotency({ tableName: config.idempotencyTableName }),
    platform: createAwsPlatformClient(config.platformApi),
    fetchClaimCheck,
  };
}
