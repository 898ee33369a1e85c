import type { LanguageCode } from '@aws-sdk/client-transcribe';
import { type EnvironmentRecord, parseConfig } from '@sfe/service-definition';
import * as z from 'zod/mini';
import { SERVICE_NAME } from './service-name';

/**
 * Transcribe's language codes, written out so that only the SDK's *type* is imported: importing its
 * `LanguageCode` object kept ~150 KB of the Transcribe client in every bundle of this app (issue 17). The list
 * cannot drift from the SDK: `satisfies` refuses a code the SDK does not have, `LanguageCodesMissing` below fails
 * the typecheck when the SDK adds one, and `env.test.ts` compares the list with the SDK's enum at run time.
 */
// biome-ignore format: 117 codes, kept dense
export const TRANSCRIBE_LANGUAGE_CODES = [
  'ab-GE', 'af-ZA', 'am-ET', 'ar-AE', 'ar-SA', 'ast-ES', 'az-AZ', 'ba-RU', 'be-BY', 'bg-BG', 'bn-IN',
  'bs-BA', 'ca-ES', 'ckb-IQ', 'ckb-IR', 'cs-CZ', 'cy-GB', 'cy-WL', 'da-DK', 'de-CH', 'de-DE', 'el-GR',
  'en-AB', 'en-AU', 'en-GB', 'en-IE', 'en-IN', 'en-NZ', 'en-US', 'en-WL', 'en-ZA', 'es-ES', 'es-MX', 'es-US',
  'et-EE', 'et-ET', 'eu-ES', 'fa-AF', 'fa-IR', 'fi-FI', 'fr-CA', 'fr-FR', 'ga-IE', 'gd-GB', 'gl-ES', 'gu-IN',
  'ha-NG', 'he-IL', 'hi-IN', 'hr-HR', 'ht-HT', 'hu-HU', 'hy-AM', 'id-ID', 'is-IS', 'it-IT', 'ja-JP', 'jv-ID',
  'kab-DZ', 'ka-GE', 'kk-KZ', 'km-KH', 'kn-IN', 'ko-KR', 'ky-KG', 'lg-IN', 'lt-LT', 'lv-LV', 'mhr-RU',
  'mi-NZ', 'mk-MK', 'ml-IN', 'mn-MN', 'mr-IN', 'ms-MY', 'mt-MT', 'my-MM', 'ne-NP', 'nl-NL', 'no-NO', 'or-IN',
  'pa-IN', 'pl-PL', 'ps-AF', 'pt-BR', 'pt-PT', 'ro-RO', 'ru-RU', 'rw-RW', 'si-LK', 'sk-SK', 'sl-SI', 'so-SO',
  'sq-AL', 'sr-RS', 'su-ID', 'sv-SE', 'sw-BI', 'sw-KE', 'sw-RW', 'sw-TZ', 'sw-UG', 'ta-IN', 'te-IN', 'th-TH',
  'tl-PH', 'tr-TR', 'tt-RU', 'ug-CN', 'uk-UA', 'uz-UZ', 'vi-VN', 'wo-SN', 'zh-CN', 'zh-HK', 'zh-TW', 'zu-ZA',
] as const satisfies readonly [LanguageCode, ...LanguageCode[]];

/** `true` only when every SDK language code is in the list above (else the assignment below fails to compile). */
type LanguageCodesMissing = Exclude<LanguageCode, (typeof TRANSCRIBE_LANGUAGE_CODES)[number]>;
const everyLanguageCodeListed: [LanguageCodesMissing] extends [never] ? true : LanguageCodesMissing = true;
void everyLanguageCodeListed;

/** The configuration the stack gives each function (validated once; `process.env` is read nowhere else). */
export const VideoPipelineEnvSchema = z.object({
  /** The platform table (set by the stack). */
  TABLE_NAME: z.string().check(z.minLength(1)),
  /** The bucket uploads land in and outputs are written to. */
  UPLOADS_BUCKET: z.string().check(z.minLength(1)),
  /** The role MediaConvert assumes to read uploads and write outputs (needed by the transcription step). */
  MEDIACONVERT_ROLE_ARN: z
    .string()
    .check(z.regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/, 'must be an IAM role ARN')),
  /** Spoken language of the lectures, a Transcribe language code. */
  TRANSCRIBE_LANGUAGE_CODE: z._default(
    z.enum(TRANSCRIBE_LANGUAGE_CODES, { error: 'must be a Transcribe language code such as en-US' }),
    'en-US',
  ),
});
export type VideoPipelineEnv = z.output<typeof VideoPipelineEnvSchema>;

/** The validated config, from the Lambda's environment by default (the only reader of `process.env`). */
export function readVideoPipelineEnv(env: EnvironmentRecord = process.env): VideoPipelineEnv {
  return parseConfig(VideoPipelineEnvSchema, env, SERVICE_NAME);
}
