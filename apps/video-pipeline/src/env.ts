import { LanguageCode } from '@aws-sdk/client-transcribe';
import { type EnvironmentRecord, parseConfig } from '@sfe/service-definition';
import * as z from 'zod/mini';
import { SERVICE_NAME } from './service-name';

const LANGUAGE_CODES = Object.values(LanguageCode) as [LanguageCode, ...LanguageCode[]];

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
    z.enum(LANGUAGE_CODES, { error: 'must be a Transcribe language code such as en-US' }),
    'en-US',
  ),
});
export type VideoPipelineEnv = z.output<typeof VideoPipelineEnvSchema>;

/** The validated config, from the Lambda's environment by default (the only reader of `process.env`). */
export function readVideoPipelineEnv(env: EnvironmentRecord = process.env): VideoPipelineEnv {
  return parseConfig(VideoPipelineEnvSchema, env, SERVICE_NAME);
}
