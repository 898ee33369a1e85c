import { z } from 'zod';

/** S3 presigned links (SigV4) cannot outlive 7 days. */
const MAX_LINK_SECONDS = 7 * 24 * 60 * 60;

const EmailEnvSchema = z.object({
  /** The SES verified identity's address (or an address on a verified domain) that emails come from. */
  EMAIL_FROM_ADDRESS: z.email('EMAIL_FROM_ADDRESS must be an email address on a verified SES identity'),
  /** Shown as the sender's name, in subjects and in the footer. */
  BRAND_NAME: z.string().min(1).default('SFE Learning'),
  /** Where learners sign in; linked from the welcome and receipt emails. */
  APP_URL: z.url({ protocol: /^https?$/, error: 'APP_URL must be an http(s) URL' }),
  /** BCP 47 locale for amounts and dates. */
  EMAIL_LOCALE: z
    .string()
    .default('en-GB')
    .refine(
      (locale) => Intl.NumberFormat.supportedLocalesOf(locale).length > 0,
      'EMAIL_LOCALE is not a known locale',
    ),
  /** Bucket holding certificate PDFs (`objectKey` of CertificateGenerated lives here). */
  CERTIFICATES_BUCKET: z.string().min(1, 'CERTIFICATES_BUCKET must name the certificates bucket'),
  /** How long a certificate download link works. */
  DOWNLOAD_LINK_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(MAX_LINK_SECONDS)
    .default(6 * 60 * 60),
  /** Optional SES configuration set, for bounce and complaint event publishing. */
  SES_CONFIGURATION_SET: z.string().min(1).optional(),
});

/** The email service's validated configuration. */
export interface EmailConfig {
  readonly from: { readonly name: string; readonly address: string };
  readonly settings: { readonly brandName: string; readonly appUrl: string; readonly locale: string };
  readonly certificatesBucket: string;
  readonly downloadLinkTtlSeconds: number;
  readonly sesConfigurationSet?: string;
}

export class EmailConfigError extends Error {
  override name = 'EmailConfigError';
}

/** Validates configuration from an environment-shaped record; throws naming every bad variable. */
export function parseEmailConfig(env: Readonly<Record<string, string | undefined>>): EmailConfig {
  const result = EmailEnvSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new EmailConfigError(`Invalid email-service configuration: ${problems.join('; ')}`);
  }
  const value = result.data;
  return {
    from: { name: value.BRAND_NAME, address: value.EMAIL_FROM_ADDRESS },
    settings: { brandName: value.BRAND_NAME, appUrl: value.APP_URL, locale: value.EMAIL_LOCALE },
    certificatesBucket: value.CERTIFICATES_BUCKET,
    downloadLinkTtlSeconds: value.DOWNLOAD_LINK_TTL_SECONDS,
    ...(value.SES_CONFIGURATION_SET ? { sesConfigurationSet: value.SES_CONFIGURATION_SET } : {}),
  };
}

/** The Lambda's configuration, from the environment the stack sets. The only reader of `process.env`. */
export function readEmailConfig(): EmailConfig {
  return parseEmailConfig(process.env);
}
