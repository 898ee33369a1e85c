import { type EnvironmentRecord, IdempotencyConfigShape, parseConfig } from '@sfe/service-definition';
import { z } from 'zod';
import { SERVICE_NAME } from './service-name';

/** The service's variables (the stack sets them; locally, `localSettings` and the person's settings). */
export const CertificateEnvSchema = z.object({
  ...IdempotencyConfigShape,
  /** The platform table (certificate items); set by the stack. */
  TABLE_NAME: z.string().min(1),
  /** The certificates bucket this service owns; set by `bindBucket`. */
  CERTIFICATES_BUCKET_NAME: z.string().min(1),
  /** The page that verifies a certificate id, printed on every certificate. */
  CERTIFICATE_VERIFICATION_BASE_URL: z.url(),
  CERTIFICATE_ISSUER: z.string().min(1).default('SFE Academy'),
  /** Where the font files are when they are not in node_modules (the Lambda layer). */
  CERTIFICATE_FONT_DIRECTORY: z.string().min(1).optional(),
});
export type CertificateEnv = z.output<typeof CertificateEnvSchema>;

/** The validated config, from the Lambda's environment by default (the only reader of `process.env`). */
export function readCertificateEnv(env: EnvironmentRecord = process.env): CertificateEnv {
  return parseConfig(CertificateEnvSchema, env, SERVICE_NAME);
}
