import { type PlatformApiConfig, PlatformApiConfigShape, platformApiConfigOf } from '@sfe/platform-client';
import {
  type EnvironmentRecord,
  IdempotencyConfigShape,
  LocaleSettingSchema,
  parseConfig,
} from '@sfe/service-definition';
import * as z from 'zod/mini';
import { SERVICE_NAME } from './service-name';

/** The email service's variables (the stack sets them; locally, `localSettings` and the person's settings). */
export const EmailEnvSchema = z.object({
  ...IdempotencyConfigShape,
  // PLATFORM_API_FUNCTION_NAME (set by `bindPlatformApi`) or PLATFORM_API_URL, and AWS_REGION: is the learner still active? (a call-back)
  ...PlatformApiConfigShape,
  /** The SES verified identity's address (or an address on a verified domain) that emails come from. */
  EMAIL_FROM_ADDRESS: z.email('EMAIL_FROM_ADDRESS must be an email address on a verified SES identity'),
  /** Shown as the sender's name, in subjects and in the footer. */
  BRAND_NAME: z._default(z.string().check(z.minLength(1)), 'SFE Learning'),
  /** Where learners sign in; linked from the welcome and receipt emails. */
  APP_URL: z.url({ protocol: /^https?$/, error: 'APP_URL must be an http(s) URL' }),
  /** BCP 47 locale for amounts and dates. */
  EMAIL_LOCALE: LocaleSettingSchema,
  /** The SES configuration set emails are sent through (its bounces and complaints reach EventBridge); set by the stack. */
  SES_CONFIGURATION_SET: z.optional(z.string().check(z.minLength(1))),
  /** The suppression list's table (addresses never mailed again), which this service owns; set by the stack. */
  SUPPRESSION_TABLE_NAME: z.string().check(z.minLength(1)),
});

/** The email service's validated configuration. */
export interface EmailConfig {
  readonly from: { readonly name: string; readonly address: string };
  readonly settings: { readonly brandName: string; readonly appUrl: string; readonly locale: string };
  readonly idempotencyTableName: string;
  readonly suppressionTableName: string;
  readonly sesConfigurationSet?: string;
  /** Where the learner's current state is read back (`createAwsPlatformClient`). */
  readonly platformApi: PlatformApiConfig;
}

export type EmailEnv = z.output<typeof EmailEnvSchema>;

/** Validates configuration from an environment-shaped record; one `ConfigError` names every bad variable. */
export function parseEmailConfig(env: EnvironmentRecord): EmailConfig {
  return toEmailConfig(parseConfig(EmailEnvSchema, env, SERVICE_NAME));
}

/** The handler's view of validated variables. */
export function toEmailConfig(value: EmailEnv): EmailConfig {
  return {
    from: { name: value.BRAND_NAME, address: value.EMAIL_FROM_ADDRESS },
    settings: { brandName: value.BRAND_NAME, appUrl: value.APP_URL, locale: value.EMAIL_LOCALE },
    idempotencyTableName: value.IDEMPOTENCY_TABLE_NAME,
    suppressionTableName: value.SUPPRESSION_TABLE_NAME,
    ...(value.SES_CONFIGURATION_SET ? { sesConfigurationSet: value.SES_CONFIGURATION_SET } : {}),
    platformApi: platformApiConfigOf(value),
  };
}

/** The Lambda's configuration, from the environment the stack sets. The only reader of `process.env`. */
export function readEmailConfig(): EmailConfig {
  return parseEmailConfig(process.env);
}
