import { LanguageCode } from '@aws-sdk/client-transcribe';
import { describe, expect, it } from 'vitest';
import { readVideoPipelineEnv, TRANSCRIBE_LANGUAGE_CODES } from './env';

const valid = {
  TABLE_NAME: 'sfe-dev-platform',
  UPLOADS_BUCKET: 'sfe-dev-video-uploads',
  MEDIACONVERT_ROLE_ARN: 'arn:aws:iam::111122223333:role/sfe-dev-video-pipeline-mediaconvert',
};

describe('readVideoPipelineEnv', () => {
  it('reads the configuration, defaulting the lecture language to en-US', () => {
    expect(readVideoPipelineEnv(valid)).toStrictEqual({ ...valid, TRANSCRIBE_LANGUAGE_CODE: 'en-US' });
    expect(
      readVideoPipelineEnv({ ...valid, TRANSCRIBE_LANGUAGE_CODE: 'en-GB' }).TRANSCRIBE_LANGUAGE_CODE,
    ).toBe('en-GB');
  });

  it('refuses a role that is not an IAM role ARN and a language Transcribe does not know', () => {
    expect(() =>
      readVideoPipelineEnv({
        ...valid,
        MEDIACONVERT_ROLE_ARN: 'not-an-arn',
        TRANSCRIBE_LANGUAGE_CODE: 'klingon',
      }),
    ).toThrow(
      'invalid video-pipeline configuration: MEDIACONVERT_ROLE_ARN: must be an IAM role ARN; TRANSCRIBE_LANGUAGE_CODE: must be a Transcribe language code such as en-US',
    );
  });

  it("accepts exactly the SDK's Transcribe language codes (the list in env.ts is written out, not imported)", () => {
    expect([...TRANSCRIBE_LANGUAGE_CODES].sort()).toStrictEqual(Object.values(LanguageCode).sort());
    for (const code of Object.values(LanguageCode)) {
      expect(
        readVideoPipelineEnv({ ...valid, TRANSCRIBE_LANGUAGE_CODE: code }).TRANSCRIBE_LANGUAGE_CODE,
      ).toBe(code);
    }
  });
});
