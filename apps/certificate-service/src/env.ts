import { type EnvironmentRecord, IdempotencyConfigShape, parseConfig } from '@sfe/service-definition';
import * as z from 'zod/mini';
import { SERVICE_NAME } from './service-name';

/** The service's variables (the stack sets them; locally, `localSettings` and the person's settings). */
export const CertificateEnvSchema = z.object({
  ...IdempotencyConfigShape,
  /** The platform table (certificate items); set by the stack. */
  TABLE_NAME: z.string().check(z.minLength(1)),
  /** The certificates bucket this service owns; set by `bindBucket`. */
  CERTIFICATES_BUCKET_NAME: z.string().check(z.minLength(1)),
  /** The page that verifies a certificate id, printed on every certificate. */
  CERTIFICATE_VERIFICATION_BASE_URL: z.url(),
  /**
   * Where this service serves each certificate's download address, `<base>/certificates/<id>`: the download
   * function's URL (set by the stack); locally, the runtime's own URL.
   */
  CERTIFICATE_DOWNLOAD_BASE_URL: z.url({
    protocol: /^https?$/,
    error: 'CERTIFICATE_DOWNLOAD_BASE_URL must be an http(s) URL',
  }),
  /** How long the link a download redirects to works: it is followed at once, so minutes are plenty. */
  DOWNLOAD_LINK_TTL_SECONDS: z._default(z.coerce.number().check(z.int(), z.gte(10), z.lte(3600)), 300),
  CERTIFICATE_ISSUER: z._default(z.string().check(z.minLength(1)), 'SFE Academy'),
  /** Where the prepared template and the font files are (the Lambda layer); unset, both come from node_modules. */
  CERTIFICATE_FONT_DIRECTORY: z.optional(z.string().check(z.minLength(1))),
  /** The function's region, where S3 is called: Lambda sets it (reserved, so not in the stack's variables). */
  AWS_REGION: z.optional(z.string().check(z.minLength(1))),
});
export type CertificateEnv = z.output<typeof CertificateEnvSchema>;

/** The download function's variables: the bucket and the link's lifetime, nothing else (the same definitions). */
const DownloadEnvSchema = z.pick(CertificateEnvSchema, {
  CERTIFICATES_BUCKET_NAME: true,
  DOWNLOAD_LINK_TTL_SECONDS: true,
  AWS_REGION: true,
});
type DownloadEnv = z.output<typeof DownloadEnvSchema>;

/** The validated config, from the Lambda's environment by default (the only reader of `process.env`). */
export function readCertificateEnv(env: EnvironmentRecord = process.env): CertificateEnv {
  return parseConfig(CertificateEnvSchema, env, SERVICE_NAME);
}

/** The download function's validated config, from its environment by default. */
export function readDownloadEnv(env: EnvironmentRecord = process.env): DownloadEnv {
  return parseConfig(DownloadEnvSchema, env, SERVICE_NAME);
}

/** The function's region, which Lambda always sets: S3 is called in it. */
export function regionOf(env: { readonly AWS_REGION?: string | undefined }): string {
  if (!env.AWS_REGION)
    throw new Error('AWS_REGION is not set: certificate-service calls S3 in its own region');
  return env.AWS_REGION;
}
