import { z } from 'zod';

const EnvSchema = z.object({
  /** The platform table (certificate items); set by `bindTable`. */
  TABLE_NAME: z.string().min(1),
  /** The certificates bucket this service owns; set by `bindBucket`. */
  CERTIFICATES_BUCKET_NAME: z.string().min(1),
  /** Powertools idempotency records; set by `bindIdempotencyTable`. */
  IDEMPOTENCY_TABLE_NAME: z.string().min(1),
  /** The page that verifies a certificate id, printed on every certificate. */
  CERTIFICATE_VERIFICATION_BASE_URL: z.url(),
  CERTIFICATE_ISSUER: z.string().min(1).default('SFE Academy'),
  /** Where the font files are when they are not in node_modules (the Lambda layer). */
  CERTIFICATE_FONT_DIRECTORY: z.string().min(1).optional(),
});
export type CertificateEnv = z.infer<typeof EnvSchema>;

/** The service's configuration, validated once; the error names every missing or invalid variable. */
export function readEnv(env: Readonly<Record<string, string | undefined>> = process.env): CertificateEnv {
  const result = EnvSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`certificate-service: invalid environment: ${problems.join('; ')}`);
  }
  return result.data;
}
