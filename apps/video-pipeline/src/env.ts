import { LanguageCode } from '@aws-sdk/client-transcribe';
import { z } from 'zod';

const LANGUAGE_CODES = Object.values(LanguageCode) as [LanguageCode, ...LanguageCode[]];

/** The configuration the stack gives each function (validated once; `process.env` is read nowhere else). */
export const EnvSchema = z.object({
  /** The platform table (set by `bindTable`). */
  TABLE_NAME: z.string().min(1),
  /** The bucket uploads land in and outputs are written to. */
  UPLOADS_BUCKET: z.string().min(1),
  /** The role MediaConvert assumes to read uploads and write outputs (needed by the transcription step). */
  MEDIACONVERT_ROLE_ARN: z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/, 'must be an IAM role ARN'),
  /** Spoken language of the lectures, a Transcribe language code. */
  TRANSCRIBE_LANGUAGE_CODE: z
    .enum(LANGUAGE_CODES, { error: 'must be a Transcribe language code such as en-US' })
    .default('en-US'),
});
export type Env = z.infer<typeof EnvSchema>;

/** Thrown at cold start when the environment is incomplete; names every bad variable. */
export class InvalidEnvError extends Error {
  override name = 'InvalidEnvError';
}

export function parseEnv(source: Readonly<Record<string, string | undefined>>): Env {
  const result = EnvSchema.safeParse(source);
  if (!result.success) {
    const issues = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new InvalidEnvError(`video-pipeline configuration is invalid: ${issues.join('; ')}`);
  }
  return result.data;
}

/** The function's configuration, from the process environment. */
export function loadEnv(): Env {
  return parseEnv(process.env);
}
